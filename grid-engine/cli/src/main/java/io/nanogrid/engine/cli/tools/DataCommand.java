package io.nanogrid.engine.cli.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `nanogrid data`: the data catalogue. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"The data catalogue: the public datasets nanogrid trains and tests on, with upstream "
                + "address, licence and sha256.",
                "Files are cached under $NANOGRID_CACHE, else $XDG_CACHE_HOME/nanogrid, else the user's cache "
                + "folder."},
        subcommands = {DataListCommand.class, DataPullCommand.class})
final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
