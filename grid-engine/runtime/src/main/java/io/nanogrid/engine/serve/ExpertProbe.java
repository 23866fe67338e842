package io.nanogrid.engine.serve;

import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a new expert model on sample requests before it may replace the expert. Grid.replaceExpert checks
 * that the model loads and that its adapters bind, but a model can pass that and still fail every
 * request: the spam expert's file swapped for the langid one loads (its outputs have no fixed size) and
 * then fails in the featurizer's bucket range or the decoder's label count. The server refuses it here,
 * so a hot update never turns answered requests into failed ones.
 */
final class ExpertProbe {
    static final int REQUESTS = 12;

    private ExpertProbe() {
    }

    /** Throws a BadInputException naming what failed; returns when every sample request was answered. */
    static void check(GridSpec grid, String id, Path model, ModelLoader loader) {
        ExpertSpec e = grid.expert(id).orElseThrow();
        GridSpec alone = new GridSpec(GridSpec.FORMAT_VERSION, "probe", null, null,
                List.of(e.withModel(model.getFileName().toString())), grid.resilience(), null);
        try (Grid probe = Grid.open(alone, model.toAbsolutePath().getParent(), loader)) {
            if (!probe.warnings().isEmpty()) {
                String reason = clean(probe.warnings().get(0), model, id);
                String unloadable = "cannot load the uploaded model: ";
                throw new BadInputException(reason.startsWith(unloadable)
                        ? "cannot load the uploaded model for expert '" + id + "': "
                                + reason.substring(unloadable.length())
                        : "the uploaded model does not fit expert '" + id + "': " + reason);
            }
            var stages = probe.stages();
            List<Request> samples = SampleRequests.make(stages.entryInput(), stages.entryModel().signature(),
                    REQUESTS, 42);
            for (Request r : samples) {
                GridResponse answer = probe.route(r);
                if (answer.error() != null) {
                    throw new BadInputException("the new model for expert '" + id + "' fails on sample requests, so "
                            + "it was not swapped in: " + clean(answer.error().message(), model, id));
                }
            }
        }
    }

    /** The reason alone, without the server's paths or the model's name: the sentence around it names both. */
    private static String clean(String message, Path model, String id) {
        String path = model.toAbsolutePath().toString();
        return message.replace("expert '" + id + "' (" + model.getFileName() + "): ", "")
                .replace("model " + path + " failed: ", "").replace(path, "the uploaded model");
    }
}
