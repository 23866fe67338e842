package io.nanogrid.engine.serve;

import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.engine.runtime.ProcessStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** What the server counts, and GET /v1/metrics in the Prometheus text format. */
final class ServeMetrics {
    /** Expert states as Grid.status() names them; each expert has a 1 on its own and 0 on the others. */
    static final List<String> STATES = List.of("ok", "open", "half-open", "missing", "invalid");

    /** What is true at the moment of a scrape. */
    record Gauges(int queueDepth, int queueCapacity, int inFlight, int workers, int generation, String grid,
            List<ExpertStatus> experts, boolean draining, String bundleSha256, Map<String, String> modelSha256,
            int openConnections) {
    }

    private record Key(String a, String b) {
    }

    private final ConcurrentMap<Key, LongAdder> http = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, LongAdder> routes = new ConcurrentHashMap<>();
    private final ConcurrentMap<Key, LongAdder> updates = new ConcurrentHashMap<>();
    private final Histogram latency = new Histogram();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** Any answered HTTP request, by endpoint (the path pattern, never the raw path) and status code. */
    void http(String endpoint, int code) {
        count(http, new Key(endpoint, Integer.toString(code)));
    }

    /** A POST /v1/route answered: the route that answered ("none" if none) and the time since it arrived. */
    void route(String route, int code, long nanos) {
        count(routes, new Key(route != null ? route : "none", Integer.toString(code)));
        latency.observe(nanos / 1e9);
        if (code == 429) {
            rejected.increment();
        } else if (code == 504) {
            timeouts.increment();
        }
    }

    /** An update: kind "bundle" or "expert"; result "ok", "refused" or "busy". */
    void update(String kind, String result) {
        count(updates, new Key(kind, result));
    }

    long routeCount() {
        return latency.count();
    }

    private static void count(ConcurrentMap<Key, LongAdder> m, Key k) {
        m.computeIfAbsent(k, x -> new LongAdder()).increment();
    }

    String render(Gauges g) {
        PrometheusText t = new PrometheusText();
        t.family("nanogrid_http_requests_total", "counter", "HTTP requests answered, by endpoint and status code.");
        http.forEach((k, v) -> t.sample("nanogrid_http_requests_total", labels("endpoint", k.a(), "code", k.b()),
                v.sum()));
        t.family("nanogrid_route_requests_total", "counter", "POST /v1/route requests answered, by the route that "
                + "answered (an expert id, fallback, or none) and status code.");
        routes.forEach((k, v) -> t.sample("nanogrid_route_requests_total", labels("route", k.a(), "code", k.b()),
                v.sum()));
        t.family("nanogrid_route_latency_seconds", "histogram", "Time from the arrival of a POST /v1/route request to "
                + "its answer, queueing included.");
        t.histogram("nanogrid_route_latency_seconds", latency);
        t.family("nanogrid_rejected_total", "counter", "Requests answered 429 because the queue was full.");
        t.sample("nanogrid_rejected_total", rejected.sum());
        t.family("nanogrid_timeouts_total", "counter", "Requests answered 504 because they took longer than the "
                + "request timeout.");
        t.sample("nanogrid_timeouts_total", timeouts.sum());
        t.family("nanogrid_queue_depth", "gauge", "Requests waiting for a worker.");
        t.sample("nanogrid_queue_depth", g.queueDepth());
        t.family("nanogrid_queue_capacity", "gauge", "Requests that may wait before new ones are answered 429.");
        t.sample("nanogrid_queue_capacity", g.queueCapacity());
        t.family("nanogrid_in_flight", "gauge", "Requests being routed by a worker now.");
        t.sample("nanogrid_in_flight", g.inFlight());
        t.family("nanogrid_workers", "gauge", "Worker threads.");
        t.sample("nanogrid_workers", g.workers());
        t.family("nanogrid_draining", "gauge", "1 while the server shuts down.");
        t.sample("nanogrid_draining", g.draining() ? 1 : 0);
        t.family("nanogrid_grid_generation", "gauge", "Bundles deployed since start (1 is the first); the grid's name "
                + "is a label.");
        t.sample("nanogrid_grid_generation", labels("grid", g.grid()), g.generation());
        t.family("nanogrid_bundle_info", "gauge", "1, labelled with the grid's name and the SHA-256 of the .ngrid "
                + "served.");
        t.sample("nanogrid_bundle_info", labels("grid", g.grid(), "sha256", g.bundleSha256()), 1);
        t.family("nanogrid_expert_model_info", "gauge", "1 per expert, labelled with the SHA-256 of the model it runs "
                + "(the bundle's, or the last upload's).");
        g.modelSha256().forEach((id, sha) -> t.sample("nanogrid_expert_model_info", labels("expert", id, "sha256",
                sha), 1));
        t.family("nanogrid_updates_total", "counter", "Hot updates by kind (bundle, expert) and result (ok, refused, "
                + "busy).");
        updates.forEach((k, v) -> t.sample("nanogrid_updates_total", labels("kind", k.a(), "result", k.b()), v.sum()));
        t.family("nanogrid_expert_calls_total", "counter", "Requests each expert was asked to answer (counted by the "
                + "grid: a new bundle starts again from 0).");
        g.experts().forEach(e -> t.sample("nanogrid_expert_calls_total", labels("expert", e.id()), e.calls()));
        t.family("nanogrid_expert_failures_total", "counter", "Requests each expert failed (error, timeout, NaN, "
                + "missing or invalid model); refusals by an open circuit breaker are counted apart.");
        g.experts().forEach(e -> t.sample("nanogrid_expert_failures_total", labels("expert", e.id()), e.failures()));
        t.family("nanogrid_expert_refusals_total", "counter", "Requests each expert's open circuit breaker refused "
                + "at once, without running the expert.");
        g.experts().forEach(e -> t.sample("nanogrid_expert_refusals_total", labels("expert", e.id()), e.refused()));
        t.family("nanogrid_expert_state", "gauge", "1 for each expert's state: ok, open or half-open (its circuit "
                + "breaker), missing or invalid (its model).");
        for (ExpertStatus e : g.experts()) {
            for (String s : STATES) {
                t.sample("nanogrid_expert_state", labels("expert", e.id(), "state", s), s.equals(e.state()) ? 1 : 0);
            }
        }
        t.family("process_resident_memory_bytes", "gauge", "Resident memory of the process (Linux /proc; -1 where "
                + "unknown).");
        t.sample("process_resident_memory_bytes", ProcessStats.rssBytes());
        t.family("nanogrid_heap_max_bytes", "gauge", "The JVM's heap limit (serve's default 256 MiB, or -Xmx).");
        t.sample("nanogrid_heap_max_bytes", Runtime.getRuntime().maxMemory());
        t.family("nanogrid_open_connections", "gauge", "Client connections open through the connection guard.");
        t.sample("nanogrid_open_connections", g.openConnections());
        t.family("process_threads", "gauge", "OS threads of the process, ONNX Runtime's included (-1 where unknown).");
        t.sample("process_threads", ProcessStats.threads());
        return t.toString();
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
