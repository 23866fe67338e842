package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.ImportCommand;
import io.nanogrid.engine.cli.InspectCommand;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.cli.RunCommand;
import io.nanogrid.engine.cli.ServeCommand;
import io.nanogrid.engine.cli.VerifyCommand;
import io.nanogrid.engine.cli.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The root of the full `nanogrid`: the device's commands and the workbench's. */
@Command(name = "nanogrid", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Design, test and run inference grids: many nano ONNX models behind a light router.", ""},
        subcommands = {HelpCommand.class, InspectCommand.class, RunCommand.class, EvalCommand.class,
                BenchCommand.class, TrainCommand.class, RouterCommand.class, GridCommand.class, QuantizeCommand.class,
                SweepCommand.class, PlanCommand.class, QuantBenchCommand.class, DataCommand.class,
                ExportCommand.class, VerifyCommand.class, ImportCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 the job ran and found a problem, 2 bad usage or bad input.",
                "Every command that reports takes --json. Add --verbose for stack traces."})
public final class NanogridCommand extends RootCommand {
}
