package io.nanogrid.engine.serve;

import io.nanogrid.engine.runtime.ExpertStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /v1/health.
 *
 * @param status        "ok" (every expert ok), "degraded" (an expert's breaker is open or its model
 *                      unusable; its route answers typed errors) or "draining" (shutting down; HTTP 503)
 * @param grid          the grid's name
 * @param generation    bundles deployed since start (1 is the first)
 * @param createdBy     the nanogrid that wrote the bundle
 * @param bundleSha256  the SHA-256 of the .ngrid served
 * @param uptimeSeconds since the server started
 * @param workers       worker threads
 * @param queueDepth    requests waiting for a worker
 * @param queueCapacity past this many waiting, requests are answered 429
 * @param inFlight      requests being routed now
 * @param experts       every expert's state, calls, failures and refusals (Grid.status())
 * @param modelSha256   the SHA-256 of the model each expert runs, by expert id (the bundle's, or an upload's)
 * @param maxHeapBytes  the JVM's heap limit (serve's default 256 MiB, or -Xmx; see the README)
 */
public record Health(String status, String grid, int generation, String createdBy, String bundleSha256,
        double uptimeSeconds, int workers,
        int queueDepth, int queueCapacity, int inFlight, List<ExpertStatus> experts, Map<String, String> modelSha256,
        long maxHeapBytes) {
    public Health {
        experts = List.copyOf(experts);
        modelSha256 = Collections.unmodifiableMap(new LinkedHashMap<>(modelSha256));
    }
}
