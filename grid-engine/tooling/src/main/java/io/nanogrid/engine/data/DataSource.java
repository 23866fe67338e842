package io.nanogrid.engine.data;

import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where labelled text lives and how to read it. Recorded in a trained model's provenance, so tools
 * (the router trainer, a CI check) can find the model's data again.
 *
 * @param path        the file or folder; relative paths are relative to the datasets folder (the
 *                    layout of ../shared/data)
 * @param reader      {@link #TABLE} (TSV, CSV or JSONL) or {@link #SENTENCES_BY_LABEL} (a folder of
 *                    LABEL.txt files, one sentence a line)
 * @param textColumn  table: the text column (name, or index without header)
 * @param labelColumn table: the label column
 * @param header      table: whether the first line is a header
 * @param labels      {@link #IDX}: the label file beside the image file
 * @param rows        which rows are used: null for all, "even" or "odd" for the even- or odd-numbered ones
 */
public record DataSource(String path, String reader, String textColumn, String labelColumn, Boolean header,
        String labels, String rows) {
    public static final String TABLE = "table";
    public static final String SENTENCES_BY_LABEL = "sentences-by-label";
    public static final String IDX = "idx";

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

    /** The file or folder this names, resolved against the datasets folder when relative. */
    public Path resolve(Path dataRoot) {
        Path p = Path.of(path);
        return p.isAbsolute() || dataRoot == null ? p : dataRoot.resolve(p);
    }

    /**
     * Reads it. For training, an empty text is a malformed line (nothing to learn from).
     *
     * @param skipBad skip (and list) malformed lines instead of refusing the file
     */
    public Dataset read(Path dataRoot, boolean forTraining, boolean skipBad) {
        Path p = resolve(dataRoot);
        if (!Files.exists(p)) {
            throw new BadInputException("data " + p + " not found" + (Path.of(path).isAbsolute() ? ""
                    : " (give the datasets' folder with --data-dir DIR)"));
        }
        if (SENTENCES_BY_LABEL.equals(reader)) {
            return SentenceFolders.read(p, skipBad);
        }
        if (IDX.equals(reader)) {
            Dataset all = Idx.read(p, new DataSource(labels, null, null, null, null, null, null).resolve(dataRoot), 0);
            if (rows == null) {
                return all;
            }
            int keep = rows.equals("even") ? 0 : 1;
            List<Example> some = new ArrayList<>();
            for (int i = keep; i < all.size(); i += 2) {
                some.add(all.examples().get(i));
            }
            return new Dataset(all.source() + " (" + rows + "-numbered rows)", some, List.of());
        }
        DatasetOptions o = new DatasetOptions(textColumn, labelColumn, null, header == null || header, skipBad, 0);
        return TextDatasets.read(p, forTraining ? o.forTraining() : o);
    }
}
