package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.NumberChecks;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.FeatureTables;
import io.nanogrid.engine.data.Idx;
import io.nanogrid.engine.data.ImageFolders;
import io.nanogrid.engine.data.NpyDatasets;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.grid.DataSource;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where labelled examples come from: a text file, IDX image and label files, or a pair of .npy files. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "FILE", description = "Labelled text: TSV or CSV with a header, or JSONL.")
    Path data;

    @Option(names = "--images", paramLabel = "FILE", description = "IDX image file (raw or .gz), with --labels.")
    Path images;

    @Option(names = "--inputs", paramLabel = "X.npy|DIR|X.npz", description = "Inputs as .npy [N, ...], or named "
            + "inputs (a folder of NAME.npy, or an .npz), with --labels.")
    Path inputs;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX label file, or .npy labels [N] or one-hot "
            + "[N, K].")
    Path labels;

    @Option(names = "--image-folders", paramLabel = "DIR", description = "Images in a folder per class (the "
            + "folder's name is the label).")
    Path imageFolders;

    @Option(names = "--features", paramLabel = "A,B,...", split = ",", description = "With --data: a numeric CSV, "
            + "these columns as the model's input tensor (and --label the label column).")
    List<String> features;

    @Option(names = "--label", paramLabel = "NAME", description = "With --features: the label column (default: "
            + "label).")
    String label;

    @Option(names = "--text-column", paramLabel = "NAME", description = "Text column (default: text; index 0 "
            + "with --no-header).")
    String textColumn;

    @Option(names = "--label-column", paramLabel = "NAME", description = "Label column (default: label; index 1 "
            + "with --no-header).")
    String labelColumn;

    @Option(names = "--route-column", paramLabel = "NAME", description = "Expected-route column (default: route, "
            + "when present).")
    String routeColumn;

    @Option(names = "--no-header", description = "The TSV/CSV file has no header line; columns are 0-based indices.")
    boolean noHeader;

    @Option(names = "--skip-bad", description = "Skip malformed lines (each is reported) instead of stopping.")
    boolean skipBad;

    /** 0 for all: the option takes 1 or more. */
    @Option(names = "--limit", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "Use only the first N examples.")
    int limit;

    boolean given() {
        return data != null || images != null || inputs != null || imageFolders != null;
    }

    /** Where the data lies and how to read it (paths as given), or null when none is given. */
    DataSource source(CommandSpec spec) {
        if (data != null) {
            if (features != null) {
                return DataSource.features(data.toString(), features, label);
            }
            return new DataSource(data.toString(), DataSource.TABLE, textColumn, labelColumn, !noHeader, null, null);
        }
        if (imageFolders != null) {
            return DataSource.imageFolders(imageFolders.toString());
        }
        if (images != null || inputs != null) {
            if (labels == null) {
                throw new ParameterException(spec.commandLine(), "--labels is required with --images or --inputs");
            }
            return images != null ? DataSource.idx(images.toString(), labels.toString(), null)
                    : DataSource.npy(inputs.toString(), labels.toString());
        }
        return null;
    }

    Dataset read(CommandSpec spec) {
        if (data != null && features != null) {
            return FeatureTables.read(data, features, label, limit);
        }
        if (imageFolders != null) {
            return ImageFolders.read(imageFolders, limit);
        }
        if (data != null) {
            return TextDatasets.read(data, new DatasetOptions(textColumn, labelColumn, routeColumn, !noHeader, skipBad,
                    limit));
        }
        if (images != null || inputs != null) {
            if (labels == null) {
                throw new ParameterException(spec.commandLine(), "--labels is required with --images or --inputs");
            }
            return images != null ? Idx.read(images, labels, limit) : NpyDatasets.read(inputs, labels, limit);
        }
        throw new ParameterException(spec.commandLine(), "give the data: --data FILE, --images F --labels F, "
                + "--inputs X.npy --labels y.npy, or --image-folders DIR");
    }
}
