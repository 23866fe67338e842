package io.nanogrid.engine.features;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recording cut into frames for a stream model: resampled to the model's rate, then a frame every
 * hop samples (the first frame's context, when the frame is longer than the hop, and the end of the
 * last frame are zeros). The runtime runs the frames in order and carries the model's state.
 */
final class AudioAdapter implements InputAdapter {
    /** Longest recording a request may hold, in frames (an hour of 32 ms frames). */
    static final int MAX_FRAMES = 112_500;

    private final int sampleRate;
    private final int frame;
    private final int hop;
    private final String input;
    private final boolean batched;

    AudioAdapter(int sampleRate, int frame, int hop, String input, boolean batched) {
        this.sampleRate = sampleRate;
        this.frame = frame;
        this.hop = hop;
        this.input = input;
        this.batched = batched;
    }

    @Override
    public Map<String, Value> apply(Request request) {
        List<Map<String, Value>> steps = steps(request);
        if (steps.size() != 1) {
            throw new BadRequestException("this stream model answers a recording frame by frame; "
                    + steps.size() + " frames need a stream run");
        }
        return steps.get(0);
    }

    @Override
    public List<Map<String, Value>> steps(Request request) {
        float[] samples;
        if (request instanceof AudioRequest a) {
            samples = Resampler.resample(a.samples(), a.sampleRate(), sampleRate);
        } else if (request instanceof TensorRequest t && t.tensor() instanceof FloatTensor f) {
            samples = f.values(); // samples already at the model's rate (a .npy recording)
        } else {
            throw Requests.wrongKind("a recording (WAV, or float samples at " + sampleRate + " Hz)", request);
        }
        if (samples.length == 0) {
            throw new BadRequestException("the recording is empty");
        }
        int context = frame - hop;
        int frames = (samples.length + hop - 1) / hop;
        if (frames > MAX_FRAMES) {
            throw new BadRequestException("the recording is " + frames + " frames, more than " + MAX_FRAMES);
        }
        List<Map<String, Value>> out = new ArrayList<>(frames);
        long[] shape = batched ? new long[] {1, frame} : new long[] {frame};
        for (int k = 0; k < frames; k++) {
            float[] f = new float[frame];
            int start = k * hop - context;
            for (int i = 0; i < frame; i++) {
                int at = start + i;
                f[i] = at >= 0 && at < samples.length ? samples[at] : 0f;
            }
            out.add(Map.of(input, new FloatTensor(shape, f)));
        }
        return out;
    }

    @Override
    public double stepSeconds() {
        return hop / (double) sampleRate;
    }
}
