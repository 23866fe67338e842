package io.nanogrid.engine.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real datasets beside the project (../shared/data). Present on the team's machines and in CI;
 * absent on a user's fresh clone, where the tests that need it skip and say so.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        String p = System.getProperty("nanogrid.shared.data");
        return p != null ? Path.of(p) : Path.of("..", "shared", "data");
    }

    /** A file under ../shared/data, or the test is skipped with a message saying why. */
    public static Path require(String relative) {
        Path file = dir().resolve(relative);
        assumeTrue(Files.exists(file), () -> "skipped: " + file + " is absent (../shared/data holds the real datasets "
                + "on the team's machines and in CI; see ../shared/data/SOURCES.md)");
        return file;
    }
}
