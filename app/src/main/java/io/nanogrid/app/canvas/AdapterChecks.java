package io.nanogrid.app.canvas;

import io.nanogrid.engine.decode.OutputDecoder;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.decode.Scores;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks behind the inspector's editable adapter and labels: text in, a spec that fits the model
 * out, or a BadInputException whose one line names the field ("input adapter: ...", "output labels: ...").
 * Nothing here edits the grid.
 */
final class AdapterChecks {
    static final String INPUT = "input adapter";
    static final String LABELS = "output labels";

    private AdapterChecks() {
    }

    /**
     * An input adapter from its JSON, checked against the model (bound as the grid would bind it); blank
     * text means none in the grid (the model's metadata or a guess decides), returned as null.
     */
    static InputSpec input(String json, ModelSignature sig, Path baseDir) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            InputSpec spec = Json.parseSpec(json, InputSpec.class, INPUT);
            List<String> problems = GridValidator.problems(spec, INPUT);
            if (!problems.isEmpty()) {
                throw new BadInputException(problems.get(0));
            }
            if (sig != null) {
                InputAdapters.bind(spec, sig, baseDir, INPUT);
            }
            return spec;
        } catch (BadInputException e) {
            throw named(INPUT, e);
        } catch (RuntimeException e) {
            throw new BadInputException(INPUT + ": " + e.getMessage(), e);
        }
    }

    /**
     * Labels from "a, b, c", one per column of the model's label output (two for a one-column binary
     * head), kept in the expert's labels spec; any other output kind is refused.
     */
    static LabelsSpec labels(String text, OutputSpec current, ModelSignature sig) {
        List<String> labels = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : (text == null ? "" : text).split(",")) {
            String l = part.strip();
            if (l.isEmpty()) {
                throw new BadInputException(LABELS + ": an empty label; give them as \"a, b, c\" in output order");
            }
            if (!seen.add(l)) {
                throw new BadInputException(LABELS + ": '" + l + "' is given twice");
            }
            labels.add(l);
        }
        OutputSpec now = current != null ? current : OutputDecoders.resolve(null, sig, LABELS);
        if (!(now instanceof LabelsSpec l)) {
            throw new BadInputException(LABELS + ": the model's output is read as " + now.kind()
                    + ", which has no class labels");
        }
        LabelsSpec next = new LabelsSpec(labels, l.scores(), l.modelOutput(), l.threshold());
        try {
            OutputDecoder d = OutputDecoders.bind(next, sig, LABELS);
            TensorDesc out = sig.output(d.output()).orElse(null);
            long k = out == null || out.kind() != TensorDesc.Kind.TENSOR ? -1 : Scores.declaredRow(out.shape());
            if (k > 1 && k != labels.size()) {
                throw new BadInputException(LABELS + ": the model's output '" + out.name() + "' has " + k
                        + " columns; " + labels.size() + " labels given");
            }
        } catch (BadInputException e) {
            throw named(LABELS, e);
        }
        return next;
    }

    private static BadInputException named(String field, BadInputException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith(field) ? e : new BadInputException(field + ": " + m, e);
    }
}
