package io.nanogrid.app.document;

import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertData;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Model paths in a grid (the encoder's tokenizer and the experts' data too) are relative to the grid file; moving the grid file
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
                .map(e -> e.withModel(move(e.model(), from, to)).withData(move(e.data(), from, to))).toList();
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

    /** An expert's labelled data is relative to the grid file too. */
    private static ExpertData move(ExpertData data, Path from, Path to) {
        return data == null ? null : new ExpertData(move(data.train(), from, to), move(data.test(), from, to),
                data.testSplit());
    }

    private static DataSource move(DataSource d, Path from, Path to) {
        return d == null ? null : new DataSource(move(d.path(), from, to), d.reader(), d.textColumn(),
                d.labelColumn(), d.header(), move(d.labels(), from, to), d.rows(), d.features());
    }

    private static String move(String model, Path from, Path to) {
        if (model == null || model.isBlank()) {
            return model;
        }
        return relative(to, from.resolve(model));
    }
}
