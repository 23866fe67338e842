package io.nanogrid.engine.cli;

/** Entry point of the headless `nanogrid` command (the device runtime's jar). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
