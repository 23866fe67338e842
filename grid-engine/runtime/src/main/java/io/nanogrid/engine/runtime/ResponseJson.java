package io.nanogrid.engine.runtime;

import io.nanogrid.engine.json.Json;

/**
 * The JSON of one answer: what `nanogrid run --json` prints and what `nanogrid serve` answers on
 * POST /v1/route, from this one place (keys route, confidence, result, timings, degraded, error,
 * fallback, routerChoice, routeScores; nulls written out).
 */
public final class ResponseJson {
    private ResponseJson() {
    }

    public static String of(GridResponse response) {
        return Json.report().toJson(response);
    }
}
