import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client of measure-device.sh (run as a single-file program: java DeviceLoad.java ...).
 * "first URL": posts one request again and again until it is answered 200, prints nothing (the
 * script times it). "load URL N C": N requests over C connections, prints "answered OK_COUNT of N, p50 X ms,
 * p99 Y ms, Z requests/s".
 */
public final class DeviceLoad {
    private static final List<String> TEXTS = List.of("Je voudrais réserver une table pour deux ce soir",
            "an absorbing and unsettling psychological drama", "WIN a FREE prize, text 80086 now to claim",
            "Stocks rallied after the central bank held interest rates steady", "play some jazz on spotify",
            "Wie wird das Wetter morgen in Berlin?", "the plot is thin and the acting is worse");

    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI route = URI.create(args[1] + "/v1/route");
        if (args[0].equals("first")) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                try {
                    if (post(client, route, TEXTS.get(0)) == 200) {
                        return;
                    }
                } catch (java.io.IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            System.exit(1);
        }
        int n = Integer.parseInt(args[2]);
        int c = Integer.parseInt(args[3]);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        long[] nanos = new long[n];
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(c);
        List<Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < c; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long s0 = System.nanoTime();
                    if (post(client, route, TEXTS.get(i % TEXTS.size())) == 200) {
                        ok.incrementAndGet();
                    }
                    nanos[i] = System.nanoTime() - s0;
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        java.util.Arrays.sort(nanos);
        System.out.printf(java.util.Locale.ROOT, "answered %d of %d, p50 %.2f ms, p99 %.2f ms, %.0f requests/s%n",
                ok.get(), n, nanos[n / 2] / 1e6, nanos[Math.min(n - 1, (int) (n * 0.99))] / 1e6, n / seconds);
    }

    private static int post(HttpClient client, URI uri, String text) throws Exception {
        String body = "{\"text\": \"" + text.replace("\"", "\\\"") + "\"}";
        HttpRequest r = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
