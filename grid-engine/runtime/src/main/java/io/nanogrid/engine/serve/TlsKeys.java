package io.nanogrid.engine.serve;

import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server's TLS key and certificate, from a keystore file (PKCS#12, or the JDK's JKS: the type
 * is read from the file) whose store and key share one password. Each problem is told with the file
 * named: missing, not a keystore, wrong password, no private key.
 */
public final class TlsKeys {
    private TlsKeys() {
    }

    public static SSLContext load(Path keystore, char[] password) {
        if (!Files.isRegularFile(keystore)) {
            throw new BadInputException("--tls-keystore " + keystore + ": " + (Files.isDirectory(keystore)
                    ? "is a folder; expected a keystore file" : "file not found"));
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(keystore.toFile(), password);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new BadInputException("--tls-keystore " + keystore + ": " + (wrongPassword ? "wrong password"
                    : "cannot read it as a keystore (PKCS#12 or JKS): " + e.getMessage()), e);
        } catch (GeneralSecurityException e) {
            throw new BadInputException("--tls-keystore " + keystore + ": not a keystore (PKCS#12 or JKS): "
                    + e.getMessage(), e);
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new BadInputException("--tls-keystore " + keystore + ": holds no private key (only "
                        + "certificates); the server needs its own key and certificate");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new BadInputException("--tls-keystore " + keystore + ": the key's password is not the keystore's", e);
        } catch (GeneralSecurityException e) {
            throw new BadInputException("--tls-keystore " + keystore + ": " + e.getMessage(), e);
        }
    }
}
