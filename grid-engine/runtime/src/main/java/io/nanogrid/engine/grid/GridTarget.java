package io.nanogrid.engine.grid;

import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a command or a lab was pointed at: a grid file, or a single model seen as a grid of one
 * expert (the one place that makes such a grid).
 *
 * @param spec    the grid (for a single model: one expert named after the file, no router)
 * @param baseDir the folder the grid's model paths are relative to
 * @param name    the path as given, for messages and reports
 * @param model   true when a model was given rather than a grid file
 */
public record GridTarget(GridSpec spec, Path baseDir, String name, boolean model) {
    /** Reads a grid file (validated) or wraps a model; a missing file is refused naming it. */
    public static GridTarget of(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException("cannot read " + path + ": file not found");
        }
        Path abs = path.toAbsolutePath();
        if (isGrid(path)) {
            return new GridTarget(GridFiles.read(abs), abs.getParent(), path.toString(), false);
        }
        return ofModel(path);
    }

    /** A model as a grid of one expert, named after the file (or "model" when the file's name cannot be an id). */
    public static GridTarget ofModel(Path model) {
        Path abs = model.toAbsolutePath();
        String file = abs.getFileName().toString();
        return new GridTarget(oneExpert(idFor(file), file), abs.getParent(), model.toString(), true);
    }

    /** A grid of one expert {@code id} answered by {@code model} (a path relative to the grid's folder). */
    public static GridSpec oneExpert(String id, String model) {
        return GridSpec.of(id, ExpertSpec.of(id, model, null, null));
    }

    /**
     * A grid's router alone, as a grid of one expert "routes" (with the grid's encoder when it has one), so it is
     * measured on the same requests as the whole grid.
     */
    public static GridSpec routerAlone(GridSpec grid) {
        RouterSpec r = grid.router();
        GridSpec alone = GridSpec.of("routes", ExpertSpec.of("routes", r.model(), r.input(), null));
        return grid.encoder() != null ? alone.withEncoder(grid.encoder()) : alone;
    }

    /** Whether a file is a grid (JSON): by its extension, else by its first character. */
    public static boolean isGrid(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return true;
        }
        if (name.endsWith(".onnx")) {
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            int b;
            while ((b = in.read()) == ' ' || b == '\n' || b == '\r' || b == '\t') {
                // skip white space
            }
            return b == '{';
        } catch (IOException e) {
            return false;
        }
    }

    private static String idFor(String file) {
        String id = file.replaceFirst("\\.onnx$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        if (id.isEmpty() || !Character.isLetterOrDigit(id.charAt(0)) || id.equals(GridSpec.ROUTER_NODE)
                || id.equals(GridSpec.FALLBACK_NODE)) {
            return "model";
        }
        return id;
    }
}
