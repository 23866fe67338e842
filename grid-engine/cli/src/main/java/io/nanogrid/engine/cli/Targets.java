package io.nanogrid.engine.cli;

import io.nanogrid.files.BadInputException;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens what a command was pointed at: a grid file (JSON) or a single model (.onnx). */
public final class Targets {
    private Targets() {
    }

    public static boolean isGrid(Path path) {
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
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

    public static Grid open(Path path, ModelLoader loader) {
        if (!Files.exists(path)) {
            throw new BadInputException("cannot read " + path + ": file not found");
        }
        return isGrid(path) ? Grid.open(path, loader) : Grid.forModel(path, loader);
    }
}
