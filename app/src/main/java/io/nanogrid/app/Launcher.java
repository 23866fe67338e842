package io.nanogrid.app;

import io.nanogrid.engine.cli.Cli;

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
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()) + " ms");
        }
        String[] effective = args.length == 0 ? new String[] {"gui"} : args;
        int code = Cli.commandLine(
                new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out,
                        java.nio.charset.StandardCharsets.UTF_8), true),
                new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err,
                        java.nio.charset.StandardCharsets.UTF_8), true),
                new GuiCommand(), new io.nanogrid.samples.SamplesCommand()).execute(effective);
        if (code != 0 || !GuiCommand.windowOpen()) {
            System.exit(code);
        }
    }
}
