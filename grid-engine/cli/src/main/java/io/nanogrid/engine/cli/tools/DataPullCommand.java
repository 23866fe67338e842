package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.catalogue.DataSettings;
import io.nanogrid.engine.catalogue.DataStore;
import io.nanogrid.engine.catalogue.DownloadException;
import io.nanogrid.engine.catalogue.PullReport;
import io.nanogrid.engine.catalogue.PulledFile;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a dataset into the cache and verify its sha256; files already cached and "
                + "verified are not fetched again.",
                "Exit 1 when a file cannot be fetched or does not verify (nothing partial is kept); 2 for an "
                + "unknown name or a bad --mirror."})
final class DataPullCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "A dataset of `nanogrid data list`.")
    String name;

    @Option(names = "--mirror", paramLabel = "DIR|URL", description = {"Fetch from this folder (laid out like "
            + "../shared/data) or base URL instead of the upstream addresses.",
            "Default: $" + DataSettings.MIRROR_ENV + ", else -D" + DataSettings.MIRROR_PROPERTY + ", else upstream."})
    String mirror;

    @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder (default: $NANOGRID_CACHE, else "
            + "$XDG_CACHE_HOME/nanogrid, else the user's cache folder).")
    Path cache;

    @Option(names = "--json", description = "Print JSON (keys dataset, files [{path, local, size, sha256, source}], "
            + "bytes, fetchedBytes, seconds).")
    boolean json;

    @Override
    public Integer call() {
        DataStore store = DataStore.of(DataSettings.current(cache, mirror));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PullReport r;
        try {
            r = store.pull(name, new ConsoleProgress(err));
        } catch (DownloadException e) {
            err.println("nanogrid: " + e.getMessage());
            return Cli.PROBLEM;
        }
        if (json) {
            out.println(Json.gson().toJson(r));
            return Cli.OK;
        }
        for (PulledFile f : r.files()) {
            out.printf("%-48s %9s  %s%n", f.local(), Formats.bytes(f.size()), f.fetched() ? "from " + f.source()
                    : "cached, verified");
        }
        out.printf(Locale.ROOT, "%s: %d files, %s, %s in %.2f s%n", r.dataset(), r.files().size(),
                Formats.bytes(r.bytes()), r.fetchedBytes() > 0 ? Formats.bytes(r.fetchedBytes()) + " fetched"
                        : "all cached", r.seconds());
        return Cli.OK;
    }
}
