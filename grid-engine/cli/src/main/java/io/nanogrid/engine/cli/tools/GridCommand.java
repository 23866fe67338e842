package io.nanogrid.engine.cli.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `nanogrid grid`: make a grid file from the command line, expert by expert. */
@Command(name = "grid", mixinStandardHelpOptions = true,
        description = {"Make a grid file from nothing: new, then add each expert (any model nanogrid can feed, with "
                + "its labelled data), then train the router (nanogrid router train GRID).",
                "A grid in progress (no expert, or no router yet) is a valid file; run and serve need it whole."},
        subcommands = {GridNewCommand.class, GridAddCommand.class, GridRemoveCommand.class, GridEncoderCommand.class})
final class GridCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
