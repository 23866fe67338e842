package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `serve --tls-keystore`: real HTTPS on loopback with a key made by the JDK's keytool. */
class TlsServeTest {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    /** A self-signed key and certificate for 127.0.0.1, as a user would make them. */
    static Path keystore(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "nanogrid", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity",
                "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return ks;
    }

    /** A client context that trusts the server's own certificate (and nothing else). */
    private static SSLContext trusting(Path ks) throws Exception {
        KeyStore store = KeyStore.getInstance(ks.toFile(), PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, trust.getTrustManagers(), null);
        return c;
    }

    @Test
    void answersOverHttpsAndNotOverPlainHttp() throws Exception {
        Path ks = keystore(dir);
        Path bundle = ServeFixtures.bundle(dir, "v1");
        ServeSettings settings = ServeFixtures.settings().withTls(TlsKeys.load(ks, PASSWORD.toCharArray()));
        GridServer server = ServeFixtures.start(bundle, settings, dir.resolve("work"), new StringWriter());
        try {
            assertEquals("https", server.uri().getScheme());
            Http https = new Http(server.uri(), trusting(ks));
            Http.Answer a = https.post("/v1/route", Http.text("hello, good morning"));
            assertEquals(200, a.code(), a.toString());
            assertEquals("greeting", a.json().get("route").getAsString());
            assertEquals("ok", https.get("/v1/health").json().get("status").getAsString());

            // a client that does not trust the certificate is stopped at the handshake
            UncheckedIOException untrusted = assertThrows(UncheckedIOException.class,
                    () -> new Http(server.uri()).get("/v1/health"));
            assertTrue(untrusted.getCause() instanceof SSLHandshakeException, untrusted.toString());
            // plain HTTP on the same port gets no HTTP answer
            try (Socket s = new Socket(server.uri().getHost(), server.uri().getPort())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] reply = s.getInputStream().readNBytes(12);
                assertFalse(new String(reply, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
            } catch (IOException closed) {
                // the server closed the connection: no answer either
            }
        } finally {
            server.close();
        }
    }

}
