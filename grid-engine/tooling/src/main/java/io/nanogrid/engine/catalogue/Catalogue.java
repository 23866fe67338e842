package io.nanogrid.engine.catalogue;

import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The datasets nanogrid knows: for each, its files with upstream address, sha256 and size. The
 * built-in catalogue is the resource datasets.json beside this class; the data itself is never in
 * the repository.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param datasets      the entries, each with a unique name
 */
public record Catalogue(Integer formatVersion, List<CatalogueEntry> datasets) {
    public static final int FORMAT_VERSION = 1;
    static final String RESOURCE = "datasets.json";

    public Catalogue {
        formatVersion = formatVersion != null ? formatVersion : FORMAT_VERSION;
        datasets = datasets != null ? Collections.unmodifiableList(new ArrayList<>(datasets)) : List.of();
    }

    /** The catalogue shipped with nanogrid. */
    public static Catalogue builtIn() {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in catalogue " + RESOURCE + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in catalogue: " + e.getMessage(), e);
        }
    }

    /** Parses and validates catalogue JSON; {@code source} names it in messages. */
    public static Catalogue parse(String text, String source) {
        Catalogue c = VersionedJson.read(text, source, "a data catalogue", FORMAT_VERSION, Catalogue.class);
        List<String> problems = CatalogueValidator.problems(c);
        if (!problems.isEmpty()) {
            throw new BadInputException(source + ": " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        return c;
    }

    public String toJson() {
        return Json.gson().toJson(this) + "\n";
    }

    public Optional<CatalogueEntry> find(String name) {
        return datasets.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The entry, or a BadInputException that lists the names there are. */
    public CatalogueEntry entry(String name) {
        return find(name).orElseThrow(() -> new BadInputException("no dataset '" + name + "' in the catalogue; "
                + "expected one of " + names()));
    }

    public List<String> names() {
        return datasets.stream().map(CatalogueEntry::name).toList();
    }
}
