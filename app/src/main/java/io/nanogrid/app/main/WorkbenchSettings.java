package io.nanogrid.app.main;

import io.nanogrid.engine.data.DataRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the workbench keeps its things.
 *
 * @param configDir  settings: recent files, recovery files
 * @param samplesDir the sample grids (text-assistant opens on first start), or null
 * @param dataDir    the datasets folder the experts' recorded training data is relative to (the
 *                   layout of ../shared/data), or null when there is none
 */
public record WorkbenchSettings(Path configDir, Path samplesDir, Path dataDir) {
    public WorkbenchSettings(Path configDir, Path samplesDir) {
        this(configDir, samplesDir, null);
    }

    /** $NANOGRID_CONFIG, else the platform's settings folder; samples beside the installation or the clone. */
    public static WorkbenchSettings defaults() {
        String env = System.getenv("NANOGRID_CONFIG");
        Path config;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = System.getProperty("user.home");
        if (env != null) {
            config = Path.of(env);
        } else if (os.contains("win") && System.getenv("APPDATA") != null) {
            config = Path.of(System.getenv("APPDATA"), "nanogrid");
        } else if (os.contains("mac")) {
            config = Path.of(home, "Library", "Application Support", "nanogrid");
        } else {
            String xdg = System.getenv("XDG_CONFIG_HOME");
            config = xdg != null ? Path.of(xdg, "nanogrid") : Path.of(home, ".config", "nanogrid");
        }
        return new WorkbenchSettings(config, samples(), data());
    }

    /** See {@link io.nanogrid.engine.data.DataRoot#find()}. */
    private static Path data() {
        return DataRoot.find();
    }

    private static Path samples() {
        String home = System.getProperty("nanogrid.home");
        for (Path p : new Path[] {home != null ? Path.of(home, "sample-grids") : null, Path.of("sample-grids")}) {
            if (p != null && Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** The grid opened on first start. */
    public Path sampleGrid() {
        return samplesDir == null ? null : samplesDir.resolve("text-assistant").resolve("grid.json");
    }

    public Path recentFile() {
        return configDir.resolve("recent.json");
    }

    public Path recoveryDir() {
        return configDir.resolve("recovery");
    }

    /** Where the windowed workbench writes its log (libraries' warnings and errors); see Help > About. */
    public Path logFile() {
        return configDir.resolve("logs").resolve("nanogrid.log");
    }
}
