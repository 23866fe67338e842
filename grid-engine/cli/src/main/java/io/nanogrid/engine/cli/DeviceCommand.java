package io.nanogrid.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The root of the device jar's `nanogrid`: what a device does with a grid, and nothing of the workbench. */
@Command(name = "nanogrid", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run inference grids on a device: serve a bundle, send a request, check and unpack bundles.",
                "The workbench's commands (train, quantize, eval, bench, ...) are in the full nanogrid.", ""},
        subcommands = {HelpCommand.class, RunCommand.class, InspectCommand.class, VerifyCommand.class,
                ImportCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 the job ran and found a problem, 2 bad usage or bad input.",
                "Every command that reports takes --json. Add --verbose for stack traces."})
public final class DeviceCommand extends RootCommand {
}
