package io.nanogrid.engine.catalogue;

import io.nanogrid.files.CacheFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the data store caches files and where it fetches them from.
 *
 * @param cacheDir the cache folder; files go to cacheDir/data/RELATIVE-PATH
 * @param mirror   where files come from instead of their upstream addresses, or null for upstream
 */
public record DataSettings(Path cacheDir, Mirror mirror) {
    /** The environment variable naming the default mirror (a folder or a URL). */
    public static final String MIRROR_ENV = "NANOGRID_DATA_MIRROR";
    /** A system property naming the default mirror (the launcher sets it to ../shared/data when present). */
    public static final String MIRROR_PROPERTY = "nanogrid.data.mirror";
    /** The build's property for ../shared/data beside the checkout, used as the mirror when present. */
    public static final String SHARED_DATA_PROPERTY = "nanogrid.shared.data";

    /** This process's settings: {@link #resolve} with its environment and system properties. */
    public static DataSettings current(Path cacheOverride, String mirrorOverride) {
        return resolve(cacheOverride, mirrorOverride, System.getenv(), System.getProperties());
    }

    /**
     * The cache folder is {@code cacheOverride}, else {@link CacheFolders}. The mirror is the first
     * of: {@code mirrorOverride} (--mirror), $NANOGRID_DATA_MIRROR, -Dnanogrid.data.mirror, and
     * -Dnanogrid.shared.data when that folder exists (the tests' and CI's ../shared/data); else none.
     * An explicitly given mirror must exist; the shared-data default is skipped when absent.
     */
    public static DataSettings resolve(Path cacheOverride, String mirrorOverride, Map<String, String> env,
            Properties props) {
        Path cache = cacheOverride != null ? cacheOverride
                : CacheFolders.resolve(env, props.getProperty("os.name", ""), Path.of(props.getProperty("user.home",
                        ".")));
        Mirror mirror;
        if (mirrorOverride != null) {
            mirror = Mirror.parse(mirrorOverride, "--mirror");
        } else if (notBlank(env.get(MIRROR_ENV))) {
            mirror = Mirror.parse(env.get(MIRROR_ENV), MIRROR_ENV);
        } else if (notBlank(props.getProperty(MIRROR_PROPERTY))) {
            mirror = Mirror.parse(props.getProperty(MIRROR_PROPERTY), "-D" + MIRROR_PROPERTY);
        } else if (notBlank(props.getProperty(SHARED_DATA_PROPERTY))
                && Files.isDirectory(Path.of(props.getProperty(SHARED_DATA_PROPERTY)))) {
            mirror = Mirror.parse(props.getProperty(SHARED_DATA_PROPERTY), "-D" + SHARED_DATA_PROPERTY);
        } else {
            mirror = null;
        }
        return new DataSettings(cache, mirror);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** Where a catalogue file lives in the cache. */
    public Path cached(CatalogueFile f) {
        return cacheDir.resolve("data").resolve(f.path());
    }
}
