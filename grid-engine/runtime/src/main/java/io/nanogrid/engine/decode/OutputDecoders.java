package io.nanogrid.engine.decode;

import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Finds the right output decoder for a model and binds it to one of the model's outputs. */
public final class OutputDecoders {
    /** metadata_props key under which models carry their output decoder spec (JSON, with the labels). */
    public static final String METADATA_KEY = "nanogrid.output";

    private OutputDecoders() {
    }

    /** The spec given, else the model's metadata, else labels with scores detected ("auto"). */
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
        return new LabelsSpec(null, "auto", null);
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
            if (labels == null && out.kind() == TensorDesc.Kind.TENSOR && !out.shape().isEmpty()) {
                Dim k = out.shape().get(out.rank() - 1);
                if (k.isFixed()) {
                    labels = LongStream.range(0, k.size()).mapToObj(Long::toString).toList();
                }
            }
            return new LabelDecoder(out.name(), labels, l.scores(), where);
        }
        String name = spec.modelOutput() != null ? spec.modelOutput() : sig.outputs().get(0).name();
        if (sig.output(name).isEmpty()) {
            throw new BadInputException(where + ": the model has no output '" + name + "'; expected one of "
                    + names(sig));
        }
        return new TensorDecoder(name, where);
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
        List<TensorDesc> floats = sig.outputs().stream()
                .filter(t -> t.kind() == TensorDesc.Kind.TENSOR
                        && (t.type() == ElementType.FLOAT || t.type() == ElementType.DOUBLE
                                || t.type() == ElementType.FLOAT16))
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
        if (t.shape().isEmpty()) {
            return labels == 1;
        }
        Dim last = t.shape().get(t.rank() - 1);
        return !last.isFixed() || last.size() == labels || (last.size() == 1 && labels == 2);
    }

    private static String names(ModelSignature sig) {
        return sig.outputs().stream().map(TensorDesc::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
