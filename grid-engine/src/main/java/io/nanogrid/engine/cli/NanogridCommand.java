package io.nanogrid.engine.cli;

import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.ort.OrtSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The root of `nanogrid`. */
@Command(name = "nanogrid", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Design, test and run inference grids: many nano ONNX models behind a light router.", ""},
        subcommands = {HelpCommand.class, InspectCommand.class, RunCommand.class, EvalCommand.class,
                BenchCommand.class, TrainCommand.class, RouterCommand.class, QuantizeCommand.class,
                SweepCommand.class, PlanCommand.class, QuantBenchCommand.class, DataCommand.class,
                ExportCommand.class, VerifyCommand.class, ImportCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 the job ran and found a problem, 2 bad usage or bad input.",
                "Every command that reports takes --json. Add --verbose for stack traces."})
public final class NanogridCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--ort-threads", scope = picocli.CommandLine.ScopeType.INHERIT, defaultValue = "1",
            converter = NumberChecks.AtLeastOne.class,
            description = "ONNX Runtime's global intra-op threads, shared by every model (default: ${DEFAULT-VALUE}).")
    int ortThreads;

    @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    private OrtRuntime runtime;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The process's model runtime, created on first use. */
    public synchronized OrtRuntime runtime() {
        if (runtime == null) {
            runtime = new OrtRuntime(new OrtSettings(Math.max(1, ortThreads), false, "all"));
        }
        return runtime;
    }
}
