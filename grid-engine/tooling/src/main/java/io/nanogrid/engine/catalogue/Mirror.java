package io.nanogrid.engine.catalogue;

import io.nanogrid.files.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where dataset files come from instead of their upstream addresses: a folder laid out like
 * ../shared/data, or a base URL under which the same relative paths are served.
 */
public sealed interface Mirror permits Mirror.Folder, Mirror.Server {
    /** Describes where one file is fetched from, for messages. */
    String locate(String relativePath);

    /** A local folder with the same relative paths. */
    record Folder(Path dir) implements Mirror {
        public Path file(String relativePath) {
            return dir.resolve(relativePath);
        }

        @Override
        public String locate(String relativePath) {
            return file(relativePath).toString();
        }
    }

    /** An HTTP(S) server; files are at base + relative path. */
    record Server(URI base) implements Mirror {
        public Server {
            String s = base.toString();
            base = s.endsWith("/") ? base : URI.create(s + "/");
        }

        public URI uri(String relativePath) {
            try {
                // the catalogue's paths are plain names; the URI constructor encodes anything else
                return base.resolve(new URI(null, null, relativePath, null));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(relativePath, e);
            }
        }

        @Override
        public String locate(String relativePath) {
            return uri(relativePath).toString();
        }
    }

    /**
     * A folder or an http(s):// or file: URL, as given to --mirror or NANOGRID_DATA_MIRROR.
     *
     * @param origin names where the value came from in messages ("--mirror")
     */
    static Mirror parse(String value, String origin) {
        String v = value.strip();
        if (v.isEmpty()) {
            throw new BadInputException(origin + ": expected a folder or an http(s):// URL, got nothing");
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI u = new URI(v);
                if (u.getHost() == null) {
                    throw new URISyntaxException(v, "no host");
                }
                return new Server(u);
            } catch (URISyntaxException e) {
                throw new BadInputException(origin + ": not a valid URL: " + v + " (" + e.getReason() + ")");
            }
        }
        Path dir;
        try {
            dir = lower.startsWith("file:") ? Path.of(URI.create(v)) : Path.of(v);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(origin + ": not a folder or URL: " + v);
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(origin + ": " + dir + " is not a folder (a mirror is a folder laid out "
                    + "like ../shared/data, or an http(s):// base URL)");
        }
        return new Folder(dir.toAbsolutePath());
    }
}
