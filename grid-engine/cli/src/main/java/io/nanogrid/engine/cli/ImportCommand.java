package io.nanogrid.engine.cli;

import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.bundle.BundleReader;
import io.nanogrid.engine.bundle.ExtractedBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Verify a bundle and unpack it into a new folder (grid.json, manifest.json, models/).",
                "The folder appears only when everything verified; on any problem nothing is written."})
public final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "X.ngrid", description = "A bundle.")
    Path bundle;

    @Option(names = {"-d", "--dir"}, required = true, paramLabel = "DIR",
            description = "The folder to create (it may exist if empty; its parent must exist).")
    Path dir;

    @Option(names = "--json", description = "Print the verify report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        ExtractedBundle b = new BundleReader(root.runtime(), BundleLimits.defaults()).extract(bundle, dir,
                new ConsoleProgress(spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        VerifyCommand.print(b.report(), json, out);
        if (!json) {
            out.printf("imported    %s (run it: nanogrid run %s --text ...)%n", b.dir(), b.gridFile());
        }
        return Cli.OK;
    }
}
