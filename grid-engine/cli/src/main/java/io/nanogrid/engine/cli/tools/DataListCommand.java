package io.nanogrid.engine.cli.tools;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.nanogrid.engine.catalogue.CatalogueEntry;
import io.nanogrid.engine.catalogue.CatalogueSplit;
import io.nanogrid.engine.catalogue.DataSettings;
import io.nanogrid.engine.catalogue.DataStore;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.json.Json;
import io.nanogrid.files.CacheFolders;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the catalogue: name, task, size, splits, licence, upstream, and whether it is cached.")
final class DataListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: $NANOGRID_CACHE, else "
            + "$XDG_CACHE_HOME/nanogrid, else the user's cache folder).")
    Path cache;

    @Option(names = "--json", description = "Print JSON: {formatVersion, datasets: [{name, title, kind, task, "
            + "upstream, licence, format, splits, files: [{path, url, sha256, size}], cached}]}.")
    boolean json;

    /** The catalogue entry and whether its files are in the cache (by size, not re-hashed). */
    record Listed(CatalogueEntry entry, boolean cached) {
    }

    @Override
    public Integer call() {
        DataStore store = DataStore.of(new DataSettings(cache != null ? cache : CacheFolders.current(), null));
        List<Listed> all = store.catalogue().datasets().stream().map(e -> new Listed(e, store.looksCached(e)))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonObject root = new JsonObject();
            root.addProperty("formatVersion", store.catalogue().formatVersion());
            JsonArray list = new JsonArray();
            for (Listed l : all) {
                JsonObject o = Json.gson().toJsonTree(l.entry()).getAsJsonObject();
                o.addProperty("cached", l.cached());
                list.add(o);
            }
            root.add("datasets", list);
            out.println(Json.gson().toJson(root));
            return Cli.OK;
        }
        out.printf("%-10s %-8s %-50s %9s  %-32s %s%n", "NAME", "KIND", "TASK", "SIZE", "SPLITS", "CACHED");
        for (Listed l : all) {
            CatalogueEntry e = l.entry();
            String splits = e.splits().stream().map(DataListCommand::split).collect(Collectors.joining(", "));
            out.printf("%-10s %-8s %-50s %9s  %-32s %s%n", e.name(), e.kind(), e.task(), Formats.bytes(e.size()),
                    splits.isEmpty() ? "-" : splits, l.cached() ? "yes" : "no");
        }
        out.println();
        for (Listed l : all) {
            out.printf("%-10s %s; licence: %s%n", l.entry().name(), l.entry().upstream(), l.entry().licence());
        }
        out.printf("%nCache: %s. Pull with: nanogrid data pull NAME [--mirror DIR|URL]%n",
                store.settings().cacheDir());
        return Cli.OK;
    }

    private static String split(CatalogueSplit s) {
        return s.examples() != null ? s.name() + " " + Formats.count(s.examples()) : s.name();
    }
}
