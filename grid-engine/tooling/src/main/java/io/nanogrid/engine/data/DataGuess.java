package io.nanogrid.engine.data;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How to read a file or folder of labelled data the user chose, from what it is: a table (.tsv, .csv, .jsonl:
 * text and label columns, with a header), IDX images (their label file found beside them), inputs as .npy (their
 * labels beside them), a folder of images by class, or a folder of LABEL.txt files (one sentence a line).
 */
public final class DataGuess {
    private static final List<String> TABLES = List.of(".tsv", ".csv", ".jsonl", ".json");

    private DataGuess() {
    }

    /** The source for a chosen file or folder (its path as given); a BadInputException says what is missing. */
    public static DataSource of(Path chosen) {
        if (!Files.exists(chosen)) {
            throw new BadInputException("data " + chosen + ": file not found");
        }
        String name = chosen.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isDirectory(chosen)) {
            return folder(chosen);
        }
        if (TABLES.stream().anyMatch(name::endsWith)) {
            return DataSource.table(chosen.toString());
        }
        if (name.contains("idx3") || name.contains("-images")) {
            Path labels = idxLabels(chosen).orElseThrow(() -> new BadInputException("data " + chosen + ": IDX images "
                    + "need their label file beside them (expected " + idxLabelName(chosen.getFileName().toString())
                    + ")"));
            return DataSource.idx(chosen.toString(), labels.toString(), null);
        }
        if (name.endsWith(".npy")) {
            Path labels = npyLabels(chosen).orElseThrow(() -> new BadInputException("data " + chosen + ": inputs as "
                    + ".npy need their labels beside them (y.npy, labels.npy or NAME-labels.npy)"));
            return DataSource.npy(chosen.toString(), labels.toString());
        }
        throw new BadInputException("data " + chosen + ": expected a table (.tsv, .csv or .jsonl with text and label "
                + "columns), IDX images (...-idx3-ubyte[.gz]), inputs as .npy, or a folder of images by class");
    }

    private static DataSource folder(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> children = list.toList();
            if (children.stream().anyMatch(Files::isDirectory)) {
                return DataSource.imageFolders(dir.toString());
            }
            if (children.stream().anyMatch(p -> p.getFileName().toString().endsWith(".txt"))) {
                return DataSource.sentencesByLabel(dir.toString());
            }
        } catch (IOException e) {
            throw new BadInputException("data " + dir + ": cannot list the folder: " + IoReasons.of(e));
        }
        throw new BadInputException("data " + dir + ": expected a folder of images per class (the folder's name is "
                + "the label) or of LABEL.txt files (one sentence a line)");
    }

    private static String idxLabelName(String images) {
        return images.replace("images", "labels").replace("idx3", "idx1");
    }

    private static Optional<Path> idxLabels(Path images) {
        String base = idxLabelName(images.getFileName().toString());
        String plain = base.endsWith(".gz") ? base.substring(0, base.length() - 3) : base;
        return Stream.of(base, plain, plain + ".gz").map(images::resolveSibling)
                .filter(p -> !p.equals(images) && Files.isRegularFile(p)).findFirst();
    }

    private static Optional<Path> npyLabels(Path inputs) {
        String stem = inputs.getFileName().toString().replaceFirst("(?i)\\.npy$", "");
        String lower = stem.toLowerCase(Locale.ROOT);
        Stream<String> names = Stream.of(lower.equals("x") ? "y.npy" : null, lower.equals("x") ? "Y.npy" : null,
                stem.replaceAll("(?i)(inputs|images|x)$", "labels") + ".npy", stem + "-labels.npy",
                stem + "_labels.npy", "labels.npy");
        return names.filter(n -> n != null).map(inputs::resolveSibling)
                .filter(p -> !p.equals(inputs) && Files.isRegularFile(p)).findFirst();
    }
}
