package io.nanogrid.engine.runtime;

import com.google.gson.annotations.SerializedName;
import java.util.Locale;

/** Why a request was not answered by the expert it was routed to. */
public enum ErrorCode {
    /** The request does not fit the grid (an image sent to a text grid). */
    @SerializedName("bad_request") BAD_REQUEST,
    /** The router failed; the fallback answered if there is one. */
    @SerializedName("router_failed") ROUTER_FAILED,
    /** The grid's shared encoder failed: no head on it could answer. */
    @SerializedName("encoder_failed") ENCODER_FAILED,
    /** The expert's model raised an error. */
    @SerializedName("expert_failed") EXPERT_FAILED,
    /** The expert took longer than its time limit. */
    @SerializedName("timeout") TIMEOUT,
    /** The expert answered NaN or infinite scores. */
    @SerializedName("nan_output") NAN_OUTPUT,
    /** The expert's model file is missing. */
    @SerializedName("model_missing") MODEL_MISSING,
    /** The expert's model cannot be loaded or does not fit its adapter. */
    @SerializedName("model_invalid") MODEL_INVALID,
    /** The expert failed repeatedly and its circuit breaker is open. */
    @SerializedName("circuit_open") CIRCUIT_OPEN;

    /** The name used in JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
