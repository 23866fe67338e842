package io.nanogrid.engine.decode;

import java.util.List;

/**
 * A recording answered frame by frame by a stream model.
 *
 * @param frameSeconds seconds between two frames' starts
 * @param frames       each frame's answer with its start time
 */
public record FramesAnswer(double frameSeconds, List<Frame> frames) implements Answer {
    /**
     * @param time   start of the frame's new samples, seconds from the start of the recording
     * @param label  the frame's label (null when its answer has none)
     * @param score  that label's probability (null likewise)
     * @param answer the frame's whole answer
     */
    public record Frame(double time, String label, Double score, Answer answer) {
    }
}
