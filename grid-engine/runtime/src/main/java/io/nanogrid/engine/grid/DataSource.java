package io.nanogrid.engine.grid;

import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where labelled data lives and how to read it (the reading is the tooling's: DataSources). Recorded in a
 * trained model's provenance and in a grid's experts, so tools (the router trainer, the labs, a CI check)
 * can find a model's data again.
 *
 * @param path        the file or folder; relative paths are relative to the datasets folder (the
 *                    layout of ../shared/data) in provenance, to the grid's folder in a grid file
 * @param reader      {@link #TABLE} (TSV, CSV or JSONL), {@link #SENTENCES_BY_LABEL} (a folder of LABEL.txt
 *                    files, one sentence a line), {@link #IDX} (images with a label file), {@link #NPY} (inputs
 *                    [N, ...] with labels [N] or one-hot [N, K]), {@link #FEATURES} (a numeric CSV: feature
 *                    columns and a label column) or {@link #IMAGE_FOLDERS} (a folder per class)
 * @param textColumn  table: the text column (name, or index without header)
 * @param labelColumn table: the label column
 * @param header      table: whether the first line is a header
 * @param labels      {@link #IDX}, {@link #NPY}: the label file beside the inputs
 * @param rows        which rows are used: null for all, "even" or "odd" for the even- or odd-numbered ones
 * @param features    {@link #FEATURES}: the feature columns, in the model's input order
 */
public record DataSource(String path, String reader, String textColumn, String labelColumn, Boolean header,
        String labels, String rows, List<String> features) {
    public static final String TABLE = "table";
    public static final String SENTENCES_BY_LABEL = "sentences-by-label";
    public static final String IDX = "idx";
    public static final String NPY = "npy";
    public static final String FEATURES = "features";
    public static final String IMAGE_FOLDERS = "image-folders";

    public DataSource {
        features = features != null ? List.copyOf(features) : null;
    }

    public DataSource(String path, String reader, String textColumn, String labelColumn, Boolean header,
            String labels, String rows) {
        this(path, reader, textColumn, labelColumn, header, labels, rows, null);
    }

    public static DataSource table(String path, String textColumn, String labelColumn, boolean header) {
        return new DataSource(path, TABLE, textColumn, labelColumn, header, null, null);
    }

    /** IDX images with their labels; rows "even", "odd" or null for all. */
    public static DataSource idx(String images, String labels, String rows) {
        return new DataSource(images, IDX, null, null, null, labels, rows);
    }

    public static DataSource table(String path) {
        return table(path, null, null, true);
    }

    public static DataSource sentencesByLabel(String path) {
        return new DataSource(path, SENTENCES_BY_LABEL, null, null, null, null, null);
    }

    /** Inputs [N, ...] with labels [N] (or one-hot [N, K]), both .npy. */
    public static DataSource npy(String inputs, String labels) {
        return new DataSource(inputs, NPY, null, null, null, labels, null, null);
    }

    /** A numeric CSV: the feature columns and the label column, by name. */
    public static DataSource features(String csv, List<String> features, String labelColumn) {
        return new DataSource(csv, FEATURES, null, labelColumn, true, null, null, features);
    }

    /** A folder holding a folder of images per class. */
    public static DataSource imageFolders(String folder) {
        return new DataSource(folder, IMAGE_FOLDERS, null, null, null, null, null, null);
    }

    /** The same source with its paths resolved against {@code dir} (a grid's folder). */
    public DataSource resolvedAgainst(Path dir) {
        return new DataSource(resolve(dir).toString(), reader, textColumn, labelColumn, header,
                labels == null ? null : new DataSource(labels, null, null, null, null, null, null).resolve(dir)
                        .toString(), rows, features);
    }

    /** The file or folder this names, resolved against the datasets folder when relative. */
    public Path resolve(Path dataRoot) {
        Path p = Path.of(path);
        return p.isAbsolute() || dataRoot == null ? p : dataRoot.resolve(p);
    }

    /** The labels file (IDX, npy), resolved like the path; null when there is none. */
    public Path labelsPath(Path dataRoot) {
        return labels == null ? null : new DataSource(labels, null, null, null, null, null, null).resolve(dataRoot);
    }
}
