package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.OutputDecoder;
import io.nanogrid.engine.features.Feeds;
import io.nanogrid.engine.features.InputAdapter;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.model.Model;

/**
 * A model with its (resolved) adapter spec, adapter and decoder bound to it, the constants and state it
 * is fed, and each session's state; or the reason it is not usable.
 *
 * @param model   the model, or null when unusable
 * @param problem null when usable; else MODEL_MISSING or MODEL_INVALID
 * @param message why it is unusable
 */
record LoadedModel(Model model, InputSpec inputSpec, InputAdapter adapter, OutputDecoder decoder, Feeds feeds,
        SessionStates states, ErrorCode problem, String message, String source) {
    static LoadedModel of(Model model, InputSpec inputSpec, InputAdapter adapter, OutputDecoder decoder,
            Feeds feeds) {
        return new LoadedModel(model, inputSpec, adapter, decoder, feeds, new SessionStates(), null, null,
                model.source());
    }

    static LoadedModel broken(ErrorCode problem, String message, String source) {
        return new LoadedModel(null, null, null, null, Feeds.NONE, new SessionStates(), problem, message, source);
    }

    void close() {
        if (adapter != null) {
            adapter.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
