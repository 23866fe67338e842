package io.nanogrid.app.document;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertData;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Model paths in a grid (and the encoder's tokenizer, and the experts' labelled data) are relative to the grid file; moving the grid file
 * moves their base.
 */
public final class GridPaths {
    private GridPaths() {
    }

    /** The path to write in a grid that lives in {@code base} for a model file. */
    public static String relative(Path base, Path model) {
        Path abs = model.toAbsolutePath().normalize();
        try {
            return base.toAbsolutePath().normalize().relativize(abs).toString().replace('\\', '/');
        } catch (IllegalArgumentException otherRoot) {
            return abs.toString();
        }
    }

    /** The grid with its model paths rewritten from folder {@code from} to folder {@code to}. */
    public static GridSpec relocate(GridSpec spec, Path from, Path to) {
        if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
            return spec;
        }
        List<ExpertSpec> experts = spec.experts().stream()
                .map(e -> e.withModel(move(e.model(), from, to)).withData(moveData(e.data(), from, to))).toList();
        GridSpec out = spec.withExperts(experts);
        if (spec.router() != null) {
            out = out.withRouter(spec.router().withModel(move(spec.router().model(), from, to)));
        }
        EncoderSpec enc = spec.encoder();
        if (enc != null) {
            EncoderSpec moved = enc.withModel(move(enc.model(), from, to));
            if (enc.input() != null) {
                moved = moved.withInput(enc.input().withTokenizer(move(enc.input().tokenizer(), from, to)));
            }
            out = out.withEncoder(moved);
        }
        return out;
    }

    /** An expert's labelled data, its paths rewritten like the models' (absolute ones stay). */
    private static ExpertData moveData(ExpertData d, Path from, Path to) {
        if (d == null) {
            return null;
        }
        return new ExpertData(moveSource(d.train(), from, to), moveSource(d.test(), from, to), d.testSplit());
    }

    private static DataSource moveSource(DataSource s, Path from, Path to) {
        if (s == null) {
            return null;
        }
        return new DataSource(move(s.path(), from, to), s.reader(), s.textColumn(), s.labelColumn(), s.header(),
                move(s.labels(), from, to), s.rows(), s.features());
    }

    private static String move(String model, Path from, Path to) {
        if (model == null || model.isBlank()) {
            return model;
        }
        return relative(to, from.resolve(model));
    }
}
