package io.nanogrid.engine.data;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what a {@link DataSource} names, whatever its reader. */
public final class DataSources {
    private DataSources() {
    }

    /**
     * Reads it. For training, an empty text is a malformed line (nothing to learn from).
     *
     * @param skipBad skip (and list) malformed lines instead of refusing the file
     */
    public static Dataset read(DataSource s, Path dataRoot, boolean forTraining, boolean skipBad) {
        Path p = s.resolve(dataRoot);
        if (!Files.exists(p)) {
            throw new BadInputException("data " + p + " not found" + (Path.of(s.path()).isAbsolute() ? ""
                    : " (give the datasets' folder with --data-dir DIR)"));
        }
        if (DataSource.SENTENCES_BY_LABEL.equals(s.reader())) {
            return SentenceFolders.read(p, skipBad);
        }
        if (DataSource.IDX.equals(s.reader())) {
            Dataset all = Idx.read(p, s.labelsPath(dataRoot), 0);
            if (s.rows() == null) {
                return all;
            }
            int keep = s.rows().equals("even") ? 0 : 1;
            List<Example> some = new ArrayList<>();
            for (int i = keep; i < all.size(); i += 2) {
                some.add(all.examples().get(i));
            }
            return new Dataset(all.source() + " (" + s.rows() + "-numbered rows)", some, List.of());
        }
        if (DataSource.NPY.equals(s.reader())) {
            return NpyDatasets.read(p, s.labelsPath(dataRoot), 0);
        }
        if (DataSource.FEATURES.equals(s.reader())) {
            return FeatureTables.read(p, s.features(), s.labelColumn(), 0);
        }
        if (DataSource.IMAGE_FOLDERS.equals(s.reader())) {
            return ImageFolders.read(p, 0);
        }
        DatasetOptions o = new DatasetOptions(s.textColumn(), s.labelColumn(), null, s.header() == null || s.header(),
                skipBad, 0);
        return TextDatasets.read(p, forTraining ? o.forTraining() : o);
    }
}
