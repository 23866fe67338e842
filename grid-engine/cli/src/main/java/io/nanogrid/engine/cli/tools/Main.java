package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;

/** Entry point of the headless `nanogrid` with every command (the workbench's launcher adds gui and samples). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new NanogridCommand(), args));
    }
}
