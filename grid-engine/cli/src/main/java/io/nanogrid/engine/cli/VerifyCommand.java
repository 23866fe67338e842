package io.nanogrid.engine.cli;

import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.bundle.BundleReader;
import io.nanogrid.engine.bundle.BundleReport;
import io.nanogrid.engine.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a bundle: zip entries and limits, manifest schema and version, checksums and sizes; "
                + "load every model and open the grid.",
                "A refused bundle is exit 2 with one line naming the entry or field."})
public final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "X.ngrid", description = "A bundle.")
    Path bundle;

    @Option(names = "--json", description = "Print JSON (keys bundle, formatVersion, createdBy, grid, entries, bytes, "
            + "archiveBytes, models, target, seconds).")
    boolean json;

    @Override
    public Integer call() {
        BundleReport r = new BundleReader(root.runtime(), BundleLimits.defaults()).verify(bundle,
                new ConsoleProgress(spec.commandLine().getErr()));
        print(r, json, spec.commandLine().getOut());
        return Cli.OK;
    }

    public static void print(BundleReport r, boolean json, PrintWriter out) {
        if (json) {
            out.println(Json.gson().toJson(r));
            return;
        }
        out.printf("bundle      %s (%s, %d entries, %s uncompressed)%n", r.bundle(), Formats.bytes(r.archiveBytes()),
                r.entries(), Formats.bytes(r.bytes()));
        out.printf("format      %d, made by %s%n", r.formatVersion(), r.createdBy());
        out.printf("grid        %s%n", r.grid());
        out.printf("models      %s: all load%n", String.join(", ", r.models()));
        out.printf("target      %s; memory estimate %s; needs nanogrid %s+%n", r.target().bits(),
                Formats.bytes(r.target().memoryEstimateBytes() != null ? r.target().memoryEstimateBytes() : -1),
                r.target().minRuntimeVersion());
        out.printf(Locale.ROOT, "verified    checksums, sizes, limits, models (%.2f s)%n", r.seconds());
    }
}
