package io.nanogrid.engine.cli;

import io.nanogrid.engine.decode.Answer;
import io.nanogrid.engine.decode.EmbeddingAnswer;
import io.nanogrid.engine.decode.FramesAnswer;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.decode.MultiLabelAnswer;
import io.nanogrid.engine.decode.TensorAnswer;
import io.nanogrid.engine.decode.ValuesAnswer;
import io.nanogrid.engine.runtime.GridResponse;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/** A grid's answer as `nanogrid run` prints it: the route, the answer of whatever kind, the timings. */
public final class Answers {
    private Answers() {
    }

    public static void print(GridResponse r, PrintWriter out) {
        if (r.routerChoice() != null) {
            out.printf("route       %s (router chose %s with confidence %s)%s%n", r.route(), r.routerChoice(),
                    Formats.fixed(r.confidence(), 3), r.fallback() ? ", below the threshold: fallback" : "");
        } else if (r.route() != null) {
            out.printf("route       %s%n", r.route());
        }
        if (r.result() != null) {
            answer(r.result(), out);
        } else if (r.abstain() != null) {
            out.printf("answer      not sure (the expert's %s at %s is below its threshold %s)%n", r.abstain().label(),
                    Formats.fixed(r.abstain().score(), 3), Formats.fixed(r.abstain().threshold(), 3));
        } else if (r.error() == null) {
            out.println("answer      not sure");
        }
        if (r.error() != null) {
            out.printf("error       %s: %s%n", r.error().code().wireName(), r.error().message());
        }
        var t = r.timings();
        out.printf("timings     %sfeaturize %s µs, router %s µs, expert %s µs, total %s µs%n", t.encoder() > 0
                ? "encoder " + t.encoder() + " µs, " : "", t.featurize(), t.router(), t.expert(), t.total());
    }

    static void answer(Answer a, PrintWriter out) {
        if (a instanceof LabelAnswer l) {
            out.printf("answer      %s (%s)%n", l.label(), Formats.fixed(l.score(), 3));
            out.printf("top         %s%n", top(l.probabilities(), 5));
        } else if (a instanceof MultiLabelAnswer m) {
            out.printf("labels      %s (each at least %s)%n", m.labels().isEmpty() ? "none" : String.join(", ",
                    m.labels()), Formats.fixed(m.threshold(), 2));
            out.printf("scores      %s%n", top(m.scores(), m.scores().size()));
        } else if (a instanceof EmbeddingAnswer e) {
            float[] v = e.embedding();
            out.printf("embedding   %d dimensions (%s pooling%s): [%s%s]%n", e.dimensions(), e.pooling(),
                    e.normalized() ? ", unit length" : "", Arrays.stream(box(v)).limit(6)
                            .map(x -> Formats.fixed(x, 4)).collect(Collectors.joining(", ")), v.length > 6 ? ", ..." : "");
        } else if (a instanceof ValuesAnswer vs) {
            out.printf("values      %s%n", vs.values().entrySet().stream().map(e -> e.getKey() + " "
                    + Formats.fixed(e.getValue(), 4)).collect(Collectors.joining(", ")));
        } else if (a instanceof TensorAnswer t) {
            out.printf("answer      tensor %s of %d values%n", Arrays.toString(t.shape()), t.values().length);
        } else if (a instanceof FramesAnswer f) {
            out.printf("frames      %d, one every %s ms%n", f.frames().size(), Formats.fixed(f.frameSeconds() * 1000, 1));
            out.println("time s      label       score");
            for (FramesAnswer.Frame fr : f.frames()) {
                out.printf("%-11s %-11s %s%n", Formats.fixed(fr.time(), 3), fr.label() != null ? fr.label() : "-",
                        fr.score() != null ? Formats.fixed(fr.score(), 3) : "-");
            }
        }
    }

    private static Double[] box(float[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (double) v[i];
        }
        return out;
    }

    private static String top(Map<String, Double> p, int k) {
        return p.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(k).map(e -> e.getKey() + " " + Formats.fixed(e.getValue(), 3))
                .collect(Collectors.joining(", "));
    }
}
