package io.nanogrid.engine.train;

import java.util.List;

/** A trained network with its labels and per-epoch history. */
public final class TrainedNetwork {
    private final Network net;
    private final List<String> labels;
    private final List<EpochStats> history;

    TrainedNetwork(Network net, List<String> labels, List<EpochStats> history) {
        this.net = net;
        this.labels = List.copyOf(labels);
        this.history = List.copyOf(history);
    }

    Network network() {
        return net;
    }

    public List<String> labels() {
        return labels;
    }

    public List<EpochStats> history() {
        return history;
    }

    public long parameters() {
        return net.parameters();
    }

    /** Class probabilities for one bag of ids (the Java forward pass; the ONNX export computes the same). */
    public float[] predict(int[] ids) {
        return net.forward(ids, null, net.new Scratch()).clone();
    }

    /** The logits (before the softmax) for one bag of ids: what temperature scaling divides. */
    public float[] logits(int[] ids) {
        Network.Scratch s = net.new Scratch();
        net.forward(ids, null, s);
        return s.acts[s.acts.length - 1].clone();
    }

    /** The logits (before the softmax) for one dense vector. */
    public float[] logits(float[] x) {
        Network.Scratch s = net.new Scratch();
        net.forward(null, x, s);
        return s.acts[s.acts.length - 1].clone();
    }

    /** The logits for a bag of ids and a dense vector side by side (a head on an encoder with n-grams). */
    public float[] logits(int[] ids, float[] x) {
        Network.Scratch s = net.new Scratch();
        net.forward(ids, x, s);
        return s.acts[s.acts.length - 1].clone();
    }

    /** Class probabilities for a bag of ids and a dense vector side by side. */
    public float[] predict(int[] ids, float[] x) {
        return net.forward(ids, x, net.new Scratch()).clone();
    }

    /** Class probabilities for one dense vector. */
    public float[] predict(float[] x) {
        return net.forward(null, x, net.new Scratch()).clone();
    }
}
