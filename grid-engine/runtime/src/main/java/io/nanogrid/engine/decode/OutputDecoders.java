package io.nanogrid.engine.decode;

import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.MultiLabelSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.RawTensorSpec;
import io.nanogrid.engine.grid.ValuesSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Finds the right output decoder for a model and binds it to one of the model's outputs. */
public final class OutputDecoders {
    /** metadata_props key under which models carry their output decoder spec (JSON, with the labels). */
    public static final String METADATA_KEY = "nanogrid.output";

    private OutputDecoders() {
    }

    /** The spec given, else the model's metadata, else one chosen from the outputs' shapes ({@link #guess}). */
    public static OutputSpec resolve(OutputSpec given, ModelSignature sig, String where) {
        if (given != null) {
            return given;
        }
        String meta = sig.metadata().get(METADATA_KEY);
        if (meta != null) {
            OutputSpec spec = Json.parseSpec(meta, OutputSpec.class, where + ": metadata " + METADATA_KEY);
            List<String> problems = GridValidator.problems(spec, METADATA_KEY);
            if (!problems.isEmpty()) {
                throw new BadInputException(where + ": metadata " + problems.get(0));
            }
            return spec;
        }
        return guess(sig);
    }

    /**
     * The decoder an unknown model's outputs call for: a [batch, tokens, hidden] output of a model with an
     * attention mask is an encoder (mean-pooled embedding); other outputs of rank 3 and up (feature maps,
     * spectrograms) stay raw tensors; a [batch, hidden] output named like an embedding is one; everything
     * else holds class scores (a single column is a binary head). Class labels are never made up for
     * outputs that are not scores.
     */
    public static OutputSpec guess(ModelSignature sig) {
        List<TensorDesc> floats = sig.outputs().stream().filter(OutputDecoders::isFloat).toList();
        if (floats.isEmpty()) {
            boolean zipMap = sig.outputs().stream().anyMatch(t -> t.kind() == TensorDesc.Kind.SEQUENCE
                    || t.kind() == TensorDesc.Kind.MAP);
            return zipMap || sig.outputs().isEmpty() ? new LabelsSpec(null, "auto", null)
                    : new RawTensorSpec(sig.outputs().get(0).name());
        }
        TensorDesc out = floats.stream().filter(t -> t.name().toLowerCase(Locale.ROOT).contains("prob")).findFirst()
                .orElse(floats.get(0));
        int rank = squeezedRank(out);
        boolean masked = sig.input("attention_mask").isPresent() || sig.input("input_ids").isPresent();
        if (rank >= 3) {
            return rank == 3 && masked ? new EmbeddingSpec("mean", true, null, out.name())
                    : new RawTensorSpec(out.name());
        }
        if (rank == 2 && EMBEDDING_NAME.matcher(out.name()).find()) {
            return new EmbeddingSpec("none", true, null, out.name());
        }
        return new LabelsSpec(null, "auto", out.name());
    }

    private static final Pattern EMBEDDING_NAME = Pattern.compile(
            "(?i)embed|hidden|pooler|pooled|sentence|vector|feature");

    /** The rank once trailing fixed dimensions of 1 are dropped ([1, 1000, 1, 1] is rank 2). */
    private static int squeezedRank(TensorDesc t) {
        int r = t.rank();
        while (r > 2 && t.shape().get(r - 1).isFixed() && t.shape().get(r - 1).size() == 1) {
            r--;
        }
        return r;
    }

    private static boolean isFloat(TensorDesc t) {
        return t.kind() == TensorDesc.Kind.TENSOR && (t.type() == ElementType.FLOAT || t.type() == ElementType.DOUBLE
                || t.type() == ElementType.FLOAT16 || t.type() == ElementType.BFLOAT16);
    }

    /** Labels from the spec, else from the model's metadata, else null (class indices). */
    public static List<String> labels(OutputSpec spec, ModelSignature sig) {
        if (spec instanceof LabelsSpec l && l.labels() != null) {
            return l.labels();
        }
        String meta = sig.metadata().get(METADATA_KEY);
        if (meta != null) {
            try {
                OutputSpec m = Json.parseSpec(meta, OutputSpec.class, METADATA_KEY);
                if (m instanceof LabelsSpec l && l.labels() != null) {
                    return l.labels();
                }
            } catch (BadInputException unreadable) {
                return null;
            }
        }
        return null;
    }

    public static OutputDecoder bind(OutputSpec spec, ModelSignature sig, String where) {
        if (spec instanceof LabelsSpec l) {
            List<String> labels = labels(l, sig);
            TensorDesc out = labelOutput(l.modelOutput(), labels, sig, where);
            long k = out.kind() == TensorDesc.Kind.TENSOR ? Scores.declaredRow(out.shape()) : -1;
            if (labels == null && k == 1) {
                labels = List.of("0", "1");
            } else if (labels == null && k > 1) {
                labels = LabelNames.indices(Math.toIntExact(k));
            }
            if (k == 1 && labels.size() != 2 && labels.size() != 1) {
                throw new BadInputException(where + ": output '" + out.name() + "' has one column (a binary head); "
                        + "it needs two labels (negative, positive), or one for a single-class model, got "
                        + labels);
            }
            return new LabelDecoder(out.name(), labels, l.scores(), l.binaryThreshold(), where);
        }
        if (spec instanceof MultiLabelSpec m) {
            TensorDesc out = floatOutput(m.modelOutput(), sig, where);
            long k = Scores.declaredRow(out.shape());
            if (m.labels() != null && k > 0 && k != m.labels().size()) {
                throw new BadInputException(where + ": output '" + out.name() + "' " + out.describe() + " has " + k
                        + " columns for " + m.labels().size() + " labels");
            }
            return new MultiLabelDecoder(out.name(), m.labels(), m.scores(), m.threshold(), where);
        }
        if (spec instanceof EmbeddingSpec e) {
            TensorDesc out = floatOutput(e.modelOutput(), sig, where);
            if (out.rank() != 2 && out.rank() != 3) {
                throw new BadInputException(where + ": an embedding is pooled from [batch, tokens, hidden] or taken "
                        + "from [batch, hidden]; output '" + out.name() + "' is " + out.describe());
            }
            return new EmbeddingDecoder(out.name(), e.pooling(), e.normalize(), e.mask(), where);
        }
        if (spec instanceof ValuesSpec v) {
            TensorDesc out = floatOutput(v.modelOutput(), sig, where);
            long k = Scores.declaredRow(out.shape());
            if (v.names() != null && k > 0 && k != v.names().size()) {
                throw new BadInputException(where + ": output '" + out.name() + "' " + out.describe() + " has " + k
                        + " values for " + v.names().size() + " names");
            }
            return new ValuesDecoder(out.name(), v.names(), where);
        }
        String name = spec.modelOutput() != null ? spec.modelOutput() : sig.outputs().get(0).name();
        if (sig.output(name).isEmpty()) {
            throw new BadInputException(where + ": the model has no output '" + name + "'; expected one of "
                    + names(sig));
        }
        return new TensorDecoder(name, where);
    }

    /** The named output, else the first float tensor output. */
    private static TensorDesc floatOutput(String name, ModelSignature sig, String where) {
        if (name != null) {
            TensorDesc t = sig.output(name).orElseThrow(() -> new BadInputException(where + ": the model has no "
                    + "output '" + name + "'; expected one of " + names(sig)));
            if (!isFloat(t) && !(t.kind() == TensorDesc.Kind.TENSOR && t.type() != null && t.type().isInteger())) {
                throw new BadInputException(where + ": output '" + name + "' is " + t.describe() + ", not numbers");
            }
            return t;
        }
        return sig.outputs().stream().filter(OutputDecoders::isFloat).findFirst().orElseThrow(() ->
                new BadInputException(where + ": no float output; outputs are " + sig.outputs().stream()
                        .map(t -> t.name() + " " + t.describe()).collect(Collectors.joining(", "))));
    }

    /**
     * The output with class scores: the named one, else a float tensor whose last dimension matches
     * the labels (a name with "prob" preferred), else a sequence of maps (ZipMap).
     */
    private static TensorDesc labelOutput(String name, List<String> labels, ModelSignature sig, String where) {
        if (name != null) {
            return sig.output(name).orElseThrow(() -> new BadInputException(where + ": the model has no output '"
                    + name + "'; expected one of " + names(sig)));
        }
        List<TensorDesc> floats = sig.outputs().stream().filter(OutputDecoders::isFloat)
                .filter(t -> labels == null || fits(t, labels.size()))
                .toList();
        Optional<TensorDesc> prob = floats.stream()
                .filter(t -> t.name().toLowerCase(Locale.ROOT).contains("prob")).findFirst();
        if (prob.isPresent()) {
            return prob.get();
        }
        if (!floats.isEmpty()) {
            return floats.get(0);
        }
        return sig.outputs().stream().filter(t -> t.kind() == TensorDesc.Kind.SEQUENCE
                || t.kind() == TensorDesc.Kind.MAP).findFirst()
                .orElseThrow(() -> new BadInputException(where + ": no output holds class scores"
                        + (labels != null ? " for " + labels.size() + " labels" : "") + "; outputs are "
                        + sig.outputs().stream().map(t -> t.name() + " " + t.describe())
                                .collect(Collectors.joining(", "))));
    }

    private static boolean fits(TensorDesc t, int labels) {
        long k = Scores.declaredRow(t.shape());
        return k < 0 || k == labels || (k == 1 && labels == 2);
    }

    private static String names(ModelSignature sig) {
        return sig.outputs().stream().map(TensorDesc::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
