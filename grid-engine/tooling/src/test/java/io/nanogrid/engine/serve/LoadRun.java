package io.nanogrid.engine.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.bench.Latencies;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A bounded load on the server over loopback: {@code requests} POST /v1/route at {@code concurrency}
 * (one thread each, keep-alive connections), with actions (hot updates) started when given request
 * numbers are reached. An error is anything but a 200 with no error in the answer.
 *
 * <p>The actions run one after another, in list order, on one thread: each starts once its request number
 * is reached and the previous action has returned. Started on their own threads, a second update could
 * overlap the first (and get 409, or be overwritten by it), depending on how long the first one took.
 */
public final class LoadRun {
    /**
     * An action started once the load reaches request number {@code at} and the action before it has returned;
     * one whose number the load never reaches does not run.
     */
    public record Action(int at, String name, Supplier<Http.Answer> run) {
    }

    /** What an action answered, and how many requests were answered while it ran. */
    public record ActionResult(String name, int code, String body, double seconds, long answeredMeanwhile) {
    }

    public record Result(int requests, int concurrency, Latencies latencies, double seconds,
            Map<Integer, Integer> codes, int errors, List<String> firstErrors, Map<String, Integer> answers,
            List<ActionResult> actions) {
        public double throughput() {
            return requests / seconds;
        }

        public String summary() {
            Latencies.Summary s = latencies.summary();
            return String.format(Locale.ROOT, "%,d requests at concurrency %d in %.2f s: p50 %.0f µs, p99 %.0f µs, "
                    + "max %.0f µs, %.0f requests/s, %d errors, status codes %s", requests, concurrency, seconds,
                    s.p50(), s.p99(), s.max(), throughput(), errors, codes);
        }
    }

    private LoadRun() {
    }

    /** Sends {@code requests} bodies (cycling through {@code bodies}) after {@code warmup} untimed ones. */
    public static Result run(URI base, List<String> bodies, int requests, int concurrency, int warmup,
            List<Action> actions) throws InterruptedException {
        Http http = new Http(base);
        for (int i = 0; i < warmup; i++) {
            http.post("/v1/route", bodies.get(i % bodies.size()));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong answered = new AtomicLong();
        Map<Integer, Integer> codes = new ConcurrentHashMap<>();
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicInteger errorCount = new AtomicInteger();
        List<Latencies> perThread = new ArrayList<>();
        // Completed with true by the load thread that reaches the action's request number, with false once the
        // load has ended without reaching it.
        List<CompletableFuture<Boolean>> triggers = new ArrayList<>();
        actions.forEach(a -> triggers.add(new CompletableFuture<>()));
        List<ActionResult> actionResults = new CopyOnWriteArrayList<>();
        Thread actionThread = new Thread(() -> {
            for (int k = 0; k < actions.size(); k++) {
                if (triggers.get(k).join()) {
                    actionResults.add(act(actions.get(k), answered));
                }
            }
        }, "load-actions");
        actionThread.start();
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Latencies lat = new Latencies(requests / concurrency + 16);
            perThread.add(lat);
            Thread thread = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    for (int k = 0; k < actions.size(); k++) {
                        if (actions.get(k).at() == i) {
                            triggers.get(k).complete(true);
                        }
                    }
                    String body = bodies.get(i % bodies.size());
                    long s = System.nanoTime();
                    Http.Answer r;
                    try {
                        r = http.post("/v1/route", body);
                    } catch (RuntimeException e) {
                        errorCount.incrementAndGet();
                        note(errors, "request " + i + ": " + e);
                        continue;
                    }
                    lat.add(System.nanoTime() - s);
                    answered.incrementAndGet();
                    codes.merge(r.code(), 1, Integer::sum);
                    JsonObject j = r.code() == 200 ? JsonParser.parseString(r.body()).getAsJsonObject() : null;
                    if (j == null || !j.get("error").isJsonNull()) {
                        errorCount.incrementAndGet();
                        note(errors, "request " + i + ": " + r);
                    } else {
                        answers.merge(answerKey(body, j), 1, Integer::sum);
                    }
                }
            }, "load-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        triggers.forEach(f -> f.complete(false));
        actionThread.join();
        Latencies all = new Latencies(requests);
        perThread.forEach(all::addAll);
        return new Result(requests, concurrency, all, seconds, new TreeMap<>(codes), errorCount.get(),
                List.copyOf(errors), new TreeMap<>(answers), List.copyOf(actionResults));
    }

    private static ActionResult act(Action a, AtomicLong answered) {
        long before = answered.get();
        long s = System.nanoTime();
        Http.Answer r = a.run().get();
        return new ActionResult(a.name(), r.code(), r.body(), (System.nanoTime() - s) / 1e9, answered.get() - before);
    }

    /** "TEXT -> route/label", to see which generation answered. */
    private static String answerKey(String body, JsonObject j) {
        JsonElement result = j.get("result");
        String label = result.isJsonObject() && result.getAsJsonObject().has("label")
                ? result.getAsJsonObject().get("label").getAsString() : "-";
        return body + " -> " + j.get("route").getAsString() + "/" + label;
    }

    private static void note(List<String> errors, String e) {
        if (errors.size() < 10) {
            errors.add(e);
        }
    }
}
