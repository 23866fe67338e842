package io.nanogrid.engine.data;

import io.nanogrid.engine.catalogue.DataSettings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The datasets folder that experts' recorded training data paths are relative to (the layout of
 * ../shared/data, and of the data catalogue's cache). One rule for every command and the workbench.
 */
public final class DataRoot {
    private DataRoot() {
    }

    /**
     * {@link #findLocal()}, else the data catalogue's cache, where `nanogrid data pull` puts the
     * datasets; else null.
     */
    public static Path find() {
        Path local = findLocal();
        if (local != null) {
            return local;
        }
        Path cache = DataSettings.current(null, null).cacheDir().resolve("data");
        return Files.isDirectory(cache) ? cache.toAbsolutePath().normalize() : null;
    }

    /**
     * $NANOGRID_DATA (returned even if missing, so that the error names it); else the launcher's
     * data mirror (-Dnanogrid.data.mirror) when it is a folder; else ../shared/data beside the
     * installation (-Dnanogrid.home) or the working folder; else null.
     */
    public static Path findLocal() {
        String env = System.getenv("NANOGRID_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String mirror = System.getProperty(DataSettings.MIRROR_PROPERTY);
        String home = System.getProperty("nanogrid.home");
        Path[] candidates = {
            mirror != null && !mirror.contains("://") ? Path.of(mirror) : null,
            home != null ? Path.of(home, "..", "shared", "data") : null,
            Path.of("..", "shared", "data")};
        for (Path p : candidates) {
            if (p != null && Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    /** {@link #find()}, or ../shared/data when nothing is there (for a message that says where it looked). */
    public static Path findOrDefault() {
        Path p = find();
        return p != null ? p : Path.of("..", "shared", "data");
    }
}
