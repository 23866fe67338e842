package io.nanogrid.engine.features;

import io.nanogrid.engine.grid.AudioSpec;
import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.onnx.ElementType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        return switch (spec.requestKind()) {
            case "text" -> SENTENCES.size() + " built-in sentences";
            case "image" -> "random images";
            case "audio" -> "one second of noise";
            default -> "random tensors";
        };
    }

    public static List<Request> make(InputSpec spec, ModelSignature sig, int count, long seed) {
        Random rnd = new Random(seed);
        List<Request> out = new ArrayList<>(count);
        List<TensorDesc> free = sig.inputs().stream().filter(t -> (spec.constants() == null
                || !spec.constants().containsKey(t.name())) && (spec.state() == null
                || !spec.state().containsKey(t.name()))).toList();
        for (int i = 0; i < count; i++) {
            if (spec.requestKind().equals("text")) {
                out.add(new TextRequest(SENTENCES.get(i % SENTENCES.size())));
            } else if (spec instanceof AudioSpec audio) {
                float[] noise = new float[audio.sampleRate()];
                for (int k = 0; k < noise.length; k++) {
                    noise[k] = (float) (rnd.nextGaussian() * 0.1);
                }
                out.add(new AudioRequest(noise, audio.sampleRate(), "noise"));
            } else if (spec instanceof ImageSpec img) {
                int w = img.width() != null ? img.width() : 28;
                int h = img.height() != null ? img.height() : 28;
                int c = "rgb".equals(img.color()) ? 3 : 1;
                float[] px = new float[w * h * c];
                for (int k = 0; k < px.length; k++) {
                    px[k] = rnd.nextInt(256);
                }
                out.add(new ImageRequest(new Image(w, h, c, px)));
            } else if (free.size() == 1 || spec.modelInput() != null) {
                TensorDesc in = spec.modelInput() != null ? sig.input(spec.modelInput()).orElse(free.get(0))
                        : free.get(0);
                out.add(new TensorRequest(tensor(in, rnd)));
            } else {
                Map<String, Value> named = new LinkedHashMap<>();
                free.forEach(t -> named.put(t.name(), tensor(t, rnd)));
                out.add(new InputsRequest(named));
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
        if (in.type() == ElementType.STRING) {
            String[] v = new String[n];
            for (int i = 0; i < n; i++) {
                v[i] = SENTENCES.get(rnd.nextInt(SENTENCES.size()));
            }
            return new StringTensor(shape, v);
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
