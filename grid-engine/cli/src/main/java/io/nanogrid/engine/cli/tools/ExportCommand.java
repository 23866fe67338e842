package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.bundle.BitsProfile;
import io.nanogrid.engine.bundle.BundleWriter;
import io.nanogrid.engine.bundle.ExportReport;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a grid as one bundle (.ngrid, a zip): manifest.json (checksums, provenance, target "
                + "profile), grid.json and the models.",
                "Every model is loaded first; the same grid gives the same bytes."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GRID", description = "A grid file (.json).")
    Path grid;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "X.ngrid", description = "The bundle to write.")
    Path output;

    @Option(names = "--bits-profile", paramLabel = "FILE", description = "JSON mapping expert id (or \"router\") to "
            + "8, 4, 2 or \"float\", recorded as the target profile.")
    Path bitsProfile;

    @Option(names = "--json", description = "Print JSON (keys bundle, bytes, sha256, entries, models, modelBytes, "
            + "memoryEstimateBytes, bits, quantized).")
    boolean json;

    @Override
    public Integer call() {
        BitsProfile profile = bitsProfile != null ? BitsProfile.read(bitsProfile) : BitsProfile.none();
        ExportReport r = new BundleWriter(root.runtime()).export(grid, output, profile,
                new ConsoleProgress(spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.gson().toJson(r));
            return Cli.OK;
        }
        out.printf("bundle      %s (%s)%n", r.bundle(), Formats.bytes(r.bytes()));
        out.printf("sha256      %s%n", r.sha256());
        out.printf("models      %d, %s uncompressed: %s%n", r.models().size(), Formats.bytes(r.modelBytes()),
                String.join(", ", r.models()));
        out.printf("target      %s; memory estimate %s%s%n", r.bits(), Formats.bytes(r.memoryEstimateBytes()),
                r.quantized() ? "" : " (profile recorded; models not quantized)");
        return Cli.OK;
    }
}
