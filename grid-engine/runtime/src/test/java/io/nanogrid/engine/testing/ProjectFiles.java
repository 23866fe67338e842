package io.nanogrid.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the project itself (the sample grids), found from any module's folder, however deep. */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    /** The project's root folder: the nearest folder upwards that holds sample-grids/ and pom.xml. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sample-grids")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root above " + dir);
    }

    /** A file of the sample grids, e.g. {@code sampleGrid("text-assistant", "grid.json")}. */
    public static Path sampleGrid(String first, String... more) {
        return root().resolve("sample-grids").resolve(Path.of(first, more));
    }
}
