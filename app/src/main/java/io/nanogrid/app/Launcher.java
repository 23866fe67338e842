package io.nanogrid.app;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.tools.NanogridCommand;
import io.nanogrid.samples.SamplesCommand;
import java.lang.management.ManagementFactory;

/**
 * Main class of the workbench jar. It is not the JavaFX Application subclass, so the app starts
 * from the class path without JavaFX modules. No arguments opens the workbench; otherwise the
 * `nanogrid` command line runs, with the `gui` command added.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (Boolean.getBoolean("nanogrid.trace")) {
            System.out.println("main at " + (System.currentTimeMillis()
                    - ManagementFactory.getRuntimeMXBean().getStartTime()) + " ms");
        }
        String[] effective = args.length == 0 ? new String[] {"gui"} : args;
        int code = Cli.execute(new NanogridCommand(), effective, Cli.stdout(), Cli.stderr(), new GuiCommand(),
                new SamplesCommand());
        if (code != 0 || !GuiCommand.windowOpen()) {
            System.exit(code);
        }
    }
}
