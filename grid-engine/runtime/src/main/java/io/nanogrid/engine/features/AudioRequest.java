package io.nanogrid.engine.features;

import java.util.Objects;

/**
 * A mono recording: samples in [-1, 1] at a sample rate (WAV or PCM, see {@link Wav}).
 *
 * @param source names the recording in messages
 */
public record AudioRequest(float[] samples, int sampleRate, String source) implements Request {
    public AudioRequest {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate < 1) {
            throw new IllegalArgumentException("sample rate must be >= 1, not " + sampleRate);
        }
    }

    /** Length in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }

    @Override
    public String kind() {
        return "audio";
    }
}
