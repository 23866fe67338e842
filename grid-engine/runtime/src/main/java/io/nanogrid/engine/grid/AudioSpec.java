package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.Map;

/**
 * A recording (WAV or raw PCM) cut into frames for a stream model, run frame after frame with its
 * state carried from one frame to the next; the answer is one decoded output per frame.
 *
 * @param sampleRate the rate the model wants, Hz; the recording is resampled to it; default 16000
 * @param frame      samples per frame fed to the model; default: the input's fixed last dimension
 * @param hop        samples between the starts of two frames; default the frame (no overlap). A frame
 *                   longer than the hop carries the end of the previous one (e.g. 576 and 512 for a model
 *                   that wants 64 samples of context)
 * @param modelInput the samples input, or null for the only free one
 * @param constants  inputs fed a fixed value on every call (e.g. {"sr": 16000})
 * @param state      inputs fed from the previous frame's outputs (input -> output)
 */
@Kind(AudioSpec.KIND)
public record AudioSpec(Integer sampleRate, Integer frame, Integer hop, String modelInput,
        Map<String, TensorValue> constants, Map<String, String> state) implements InputSpec {
    public static final String KIND = "audio";

    public AudioSpec {
        sampleRate = sampleRate != null ? sampleRate : 16_000;
        constants = constants != null && !constants.isEmpty() ? Map.copyOf(constants) : null;
        state = state != null && !state.isEmpty() ? Map.copyOf(state) : null;
    }

    @Override
    public String kind() {
        return KIND;
    }
}
