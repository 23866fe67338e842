package io.nanogrid.engine.router;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.train.Provenance;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Where an expert's labelled data is, and whether it is there: the data the grid file names (paths relative to
 * the grid), else the data its model records (relative to the datasets folder), else none. What the router
 * trainer and the labs would read, checked without reading it.
 *
 * @param expert the expert's id
 * @param state  whether the data can be read
 * @param source the file or folder (as the grid or the model names it), or null for none
 */
public record ExpertDataStatus(String expert, State state, String source) {
    /** Whether an expert's data can be read. */
    public enum State {
        /** named by the grid file, and there */
        IN_GRID,
        /** recorded by the model, and there in the datasets folder */
        RECORDED,
        /** recorded by the model, relative to a datasets folder that is absent or lacks it: pull the data */
        NEEDS_DATASETS,
        /** named by the grid file (or by an absolute path in the model), and not there */
        MISSING,
        /** none known: the user chooses it */
        NONE
    }

    /** Whether the data is there to be read. */
    public boolean ready() {
        return state == State.IN_GRID || state == State.RECORDED;
    }

    /** Each expert's status, in the grid's order. */
    public static List<ExpertDataStatus> of(GridSpec spec, Path gridDir, Path dataRoot) {
        List<ExpertDataStatus> out = new ArrayList<>();
        for (ExpertSpec e : spec.experts()) {
            out.add(of(e, gridDir, dataRoot));
        }
        return out;
    }

    static ExpertDataStatus of(ExpertSpec e, Path gridDir, Path dataRoot) {
        if (e.data() != null && e.data().train() != null) {
            DataSource d = e.data().train();
            return new ExpertDataStatus(e.id(), there(d, gridDir) ? State.IN_GRID : State.MISSING, d.path());
        }
        DataSource recorded = recorded(gridDir.resolve(e.model()));
        if (recorded == null) {
            return new ExpertDataStatus(e.id(), State.NONE, null);
        }
        if (Path.of(recorded.path()).isAbsolute()) {
            return new ExpertDataStatus(e.id(), there(recorded, null) ? State.RECORDED : State.MISSING,
                    recorded.path());
        }
        boolean found = dataRoot != null && there(recorded, dataRoot);
        return new ExpertDataStatus(e.id(), found ? State.RECORDED : State.NEEDS_DATASETS, recorded.path());
    }

    private static boolean there(DataSource d, Path base) {
        Path labels = d.labelsPath(base);
        return Files.exists(d.resolve(base)) && (labels == null || Files.exists(labels));
    }

    /** The training data a model's provenance records, or null (no model, no provenance, unreadable). */
    private static DataSource recorded(Path model) {
        if (!Files.isRegularFile(model)) {
            return null;
        }
        try {
            var metadata = new LinkedHashMap<String, String>();
            OnnxModels.read(model).getMetadataPropsList().forEach(m -> metadata.put(m.getKey(), m.getValue()));
            return Provenance.of(metadata).map(Provenance::data).map(Provenance.DataProvenance::train).orElse(null);
        } catch (BadInputException | IllegalStateException unreadable) {
            return null;
        }
    }
}
