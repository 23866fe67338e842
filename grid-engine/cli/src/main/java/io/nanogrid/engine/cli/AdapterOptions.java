package io.nanogrid.engine.cli;

import io.nanogrid.engine.grid.AudioSpec;
import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.MultiLabelSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.RawTensorSpec;
import io.nanogrid.engine.grid.StringSpec;
import io.nanogrid.engine.grid.TensorSpec;
import io.nanogrid.engine.grid.TensorValue;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.grid.ValuesSpec;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How to feed and read a single model given on the command line, where its metadata does not say: a
 * tokenizer for a transformer, image scaling and layout, the label names, the decoder. A grid sets these
 * in its file ({@code nanogrid grid add} takes the same options).
 */
public final class AdapterOptions {
    @Option(names = "--tokenizer", paramLabel = "FILE", description = "Feed text through this Hugging Face "
            + "tokenizer.json (input_ids, attention_mask and token_type_ids filled by name).")
    Path tokenizer;

    @Option(names = "--max-length", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "With --tokenizer: the longest sequence in tokens (default: 128); longer text is cut.")
    Integer maxLength;

    @Option(names = "--string-input", description = "Feed raw text to the model's string input (scikit-learn text "
            + "pipelines).")
    boolean stringInput;

    @Option(names = "--scale", paramLabel = "X", description = "Images: multiply each pixel (0..255) by X first, "
            + "e.g. 0.00392 for 1/255.")
    Double scale;

    @Option(names = "--layout", paramLabel = "NCHW|NHWC|NHW|flat", description = "Images: the model's input layout.")
    String layout;

    @Option(names = "--rate", paramLabel = "HZ", converter = NumberChecks.AtLeastOne.class, description = "Audio: the "
            + "sample rate the stream model wants (default: 16000); recordings are resampled to it.")
    Integer rate;

    @Option(names = "--frame", paramLabel = "N", converter = NumberChecks.AtLeastOne.class, description = "Audio: "
            + "samples per frame (default: the model input's fixed length).")
    Integer frame;

    @Option(names = "--hop", paramLabel = "N", converter = NumberChecks.AtLeastOne.class, description = "Audio: "
            + "samples between frames (default: the frame); a longer frame carries the previous one's end as context.")
    Integer hop;

    @Option(names = "--state", paramLabel = "IN=OUT", description = "A recurrent state: the output OUT feeds the "
            + "input IN on the next call of a session (or frame of a recording); repeatable.")
    List<String> state;

    @Option(names = "--constant", paramLabel = "NAME=V[,V...]", description = "An input fed the same values on every "
            + "call (its own type; values along its last axis), e.g. sr=16000; repeatable.")
    List<String> constants;

    @Option(names = "--label-names", paramLabel = "A,B,...", split = ",", description = "The model's class names, "
            + "in its output order.")
    List<String> labelNames;

    @Option(names = "--decoder", paramLabel = "KIND", description = "How to read the output: labels, multi-label, "
            + "embedding, values or tensor (default: from the model's metadata, else from its outputs).")
    String decoder;

    public boolean given() {
        return tokenizer != null || maxLength != null || stringInput || scale != null || layout != null
                || labelNames != null || decoder != null || audio() || state != null || constants != null;
    }

    private boolean audio() {
        return rate != null || frame != null || hop != null;
    }

    /** The target with its one model fed and read as asked; a grid is refused (its file says how). */
    public GridTarget apply(GridTarget target) {
        return apply(target, null);
    }

    /**
     * As {@link #apply(GridTarget)}; a single model sent a recording ({@code request} "audio") without
     * adapter options is fed as a stream model with the defaults.
     */
    public GridTarget apply(GridTarget target, String request) {
        if (!given() && !("audio".equals(request) && target.model())) {
            return target;
        }
        if (!target.model()) {
            throw new BadInputException("--tokenizer, --scale, --layout, --label-names and --decoder apply to a single "
                    + "model; a grid sets them in its file (nanogrid grid add GRID MODEL takes the same options)");
        }
        ExpertSpec e = target.spec().experts().get(0);
        InputSpec in = input(null);
        if (in == null && ("audio".equals(request) || state != null || constants != null)) {
            in = "audio".equals(request) ? new AudioSpec(rate, frame, hop, null, constants(), state())
                    : new TensorSpec(null, constants(), state());
        }
        ExpertSpec fed = e.withInput(in).withOutput(output(null));
        return new GridTarget(target.spec().withExperts(List.of(fed)), target.baseDir(), target.name(), true);
    }

    /** The input adapter these options ask for, or {@code otherwise} when they ask for none. */
    public InputSpec input(InputSpec otherwise) {
        if (tokenizer != null) {
            TokenizerSpec t = TokenizerSpec.of(tokenizer.toAbsolutePath().toString());
            return maxLength != null ? t.withMaxLength(maxLength) : t;
        }
        if (maxLength != null) {
            throw new BadInputException("--max-length goes with --tokenizer");
        }
        if (stringInput) {
            return new StringSpec(null, constants(), state());
        }
        if (audio()) {
            return new AudioSpec(rate, frame, hop, null, constants(), state());
        }
        if (scale != null || layout != null) {
            if (layout != null && !List.of("NCHW", "NHWC", "NHW", "flat").contains(layout)) {
                throw new BadInputException("--layout " + layout + ": expected NCHW, NHWC, NHW or flat");
            }
            return ImageSpec.fromModel().withScale(scale).withLayout(layout);
        }
        return otherwise;
    }

    /** --constant NAME=V,V: values typed and shaped by the input they feed (see Feeds). */
    private Map<String, TensorValue> constants() {
        if (constants == null) {
            return null;
        }
        Map<String, TensorValue> out = new LinkedHashMap<>();
        for (String c : constants) {
            String[] kv = pair(c, "--constant", "NAME=V[,V...]");
            List<Object> values = new ArrayList<>();
            for (String v : kv[1].split(",")) {
                values.add(number(v.strip()));
            }
            out.put(kv[0], new TensorValue(null, null, values));
        }
        return out;
    }

    private Map<String, String> state() {
        if (state == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : state) {
            String[] kv = pair(s, "--state", "IN=OUT");
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    private static String[] pair(String s, String option, String form) {
        int eq = s.indexOf('=');
        if (eq <= 0 || eq == s.length() - 1) {
            throw new BadInputException(option + " " + s + ": expected " + form);
        }
        return new String[] {s.substring(0, eq), s.substring(eq + 1)};
    }

    /** A number when it reads as one (a long when whole), else the text (a string input's value). */
    private static Object number(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }

    /** The output decoder these options ask for, or {@code otherwise}. */
    public OutputSpec output(OutputSpec otherwise) {
        String kind = decoder != null ? decoder.toLowerCase(Locale.ROOT) : labelNames != null ? "labels" : null;
        if (kind == null) {
            return otherwise;
        }
        List<String> names = labelNames != null ? new ArrayList<>(labelNames) : null;
        return switch (kind) {
            case "labels" -> LabelsSpec.of(names);
            case "multi-label" -> new MultiLabelSpec(names, null, null, null);
            case "values" -> new ValuesSpec(names, null);
            case "embedding" -> EmbeddingSpec.defaults();
            case "tensor" -> new RawTensorSpec(null);
            default -> throw new BadInputException("--decoder " + decoder + ": expected one of labels, multi-label, "
                    + "embedding, values, tensor");
        };
    }

    /** A tokenizer file given here is made relative to {@code dir} when it lies beneath it (grid files travel). */
    public static String relative(Path dir, String file) {
        Path f = Path.of(file).toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        return f.startsWith(d) ? d.relativize(f).toString().replace('\\', '/') : f.toString();
    }
}
