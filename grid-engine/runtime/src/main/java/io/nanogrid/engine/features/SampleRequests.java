package io.nanogrid.engine.features;

import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.onnx.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Requests for a benchmark when the user gives none: shaped like what the grid's entry model takes. */
public final class SampleRequests {
    /** Short requests of the kinds a text grid meets, in several languages. */
    private static final List<String> SENTENCES = List.of(
            "Je voudrais réserver une table pour deux ce soir",
            "an absorbing and unsettling psychological drama",
            "WIN a FREE prize, text 80086 now to claim",
            "Stocks rallied after the central bank held interest rates steady",
            "play some jazz on spotify",
            "Wie wird das Wetter morgen in Berlin?",
            "the plot is thin and the acting is worse",
            "Sorry, I'll call you later, in a meeting",
            "NASA launches a new probe to study the sun's corona",
            "add this song to my workout playlist",
            "Mañana vamos a la playa con los niños",
            "will it rain in seattle tomorrow");

    private SampleRequests() {
    }

    /** What {@link #make} will produce, for the report. */
    public static String describe(InputSpec spec) {
        if (spec instanceof TextHashedNgramsSpec) {
            return SENTENCES.size() + " built-in sentences";
        }
        if (spec instanceof ImageSpec) {
            return "random images";
        }
        return "random tensors";
    }

    public static List<Request> make(InputSpec spec, ModelSignature sig, int count, long seed) {
        Random rnd = new Random(seed);
        List<Request> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (spec instanceof TextHashedNgramsSpec) {
                out.add(new TextRequest(SENTENCES.get(i % SENTENCES.size())));
            } else if (spec instanceof ImageSpec img) {
                int w = img.width() != null ? img.width() : 28;
                int h = img.height() != null ? img.height() : 28;
                int c = "rgb".equals(img.color()) ? 3 : 1;
                float[] px = new float[w * h * c];
                for (int k = 0; k < px.length; k++) {
                    px[k] = rnd.nextInt(256);
                }
                out.add(new ImageRequest(new Image(w, h, c, px)));
            } else {
                out.add(new TensorRequest(tensor(sig.inputs().get(0), rnd)));
            }
        }
        return out;
    }

    private static Value tensor(TensorDesc in, Random rnd) {
        long[] shape = in.shape().stream().mapToLong(d -> d.isFixed() ? d.size() : 1).toArray();
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        if (in.type() == ElementType.FLOAT || in.type() == ElementType.DOUBLE) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            return new FloatTensor(shape, v);
        }
        return new LongTensor(shape, new long[n]);
    }

    static boolean fixed(List<Dim> dims) {
        return dims.stream().allMatch(Dim::isFixed);
    }
}
