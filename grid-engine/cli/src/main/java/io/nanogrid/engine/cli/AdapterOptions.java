package io.nanogrid.engine.cli;

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
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.grid.ValuesSpec;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--label-names", paramLabel = "A,B,...", split = ",", description = "The model's class names, "
            + "in its output order.")
    List<String> labelNames;

    @Option(names = "--decoder", paramLabel = "KIND", description = "How to read the output: labels, multi-label, "
            + "embedding, values or tensor (default: from the model's metadata, else from its outputs).")
    String decoder;

    public boolean given() {
        return tokenizer != null || maxLength != null || stringInput || scale != null || layout != null
                || labelNames != null || decoder != null;
    }

    /** The target with its one model fed and read as asked; a grid is refused (its file says how). */
    public GridTarget apply(GridTarget target) {
        if (!given()) {
            return target;
        }
        if (!target.model()) {
            throw new BadInputException("--tokenizer, --scale, --layout, --label-names and --decoder apply to a single "
                    + "model; a grid sets them in its file (nanogrid grid add GRID MODEL takes the same options)");
        }
        ExpertSpec e = target.spec().experts().get(0);
        ExpertSpec fed = e.withInput(input(null)).withOutput(output(null));
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
            return StringSpec.of(null);
        }
        if (scale != null || layout != null) {
            if (layout != null && !List.of("NCHW", "NHWC", "NHW", "flat").contains(layout)) {
                throw new BadInputException("--layout " + layout + ": expected NCHW, NHWC, NHW or flat");
            }
            return ImageSpec.fromModel().withScale(scale).withLayout(layout);
        }
        return otherwise;
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
