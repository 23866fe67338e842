package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.files.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Write an empty grid file (no expert, no router yet).")
final class GridNewCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The grid's name.")
    String name;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "GRID.json", description = "The grid file to "
            + "write.")
    Path output;

    @Option(names = "--force", description = "Replace an existing file.")
    boolean force;

    @Override
    public Integer call() {
        if (name.isBlank()) {
            throw new BadInputException("the grid needs a name");
        }
        if (Files.exists(output) && !force) {
            throw new BadInputException(output + " exists; give another -o, or add --force to replace it");
        }
        GridFiles.write(GridSpec.of(name), output);
        spec.commandLine().getOut().printf("grid        %s: '%s', no expert yet (nanogrid grid add %s MODEL)%n",
                output, name, output);
        return Cli.OK;
    }
}
