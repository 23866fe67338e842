package io.nanogrid.files;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where nanogrid caches downloads: $NANOGRID_CACHE, else $XDG_CACHE_HOME/nanogrid, else the
 * platform's user cache folder (Windows %LOCALAPPDATA%\nanogrid, macOS ~/Library/Caches/nanogrid,
 * elsewhere ~/.cache/nanogrid).
 */
public final class CacheFolders {
    public static final String ENV = "NANOGRID_CACHE";

    private CacheFolders() {
    }

    /**
     * @param env    environment variables
     * @param osName the os.name system property
     * @param home   the user's home folder
     */
    public static Path resolve(Map<String, String> env, String osName, Path home) {
        String own = env.get(ENV);
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "nanogrid");
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank() ? Path.of(local, "nanogrid")
                    : home.resolve("AppData").resolve("Local").resolve("nanogrid");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Caches").resolve("nanogrid");
        }
        return home.resolve(".cache").resolve("nanogrid");
    }

    /** The system property that, when set, names the folder (the tests point it into target/). */
    public static final String PROPERTY = "nanogrid.cache";

    /** The folder for this process's environment (the system property nanogrid.cache first). */
    public static Path current() {
        String own = System.getProperty(PROPERTY);
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        return resolve(System.getenv(), System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")));
    }
}
