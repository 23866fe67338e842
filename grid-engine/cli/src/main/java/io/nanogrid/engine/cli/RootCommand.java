package io.nanogrid.engine.cli;

import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.ort.OrtSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * What every `nanogrid` root has: the options every command inherits and the process's one model
 * runtime. {@link DeviceCommand} (the device jar) and the workbench's full command extend it; a
 * subcommand reaches it with {@code @ParentCommand RootCommand root}.
 */
public abstract class RootCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--ort-threads", scope = ScopeType.INHERIT, defaultValue = "1",
            converter = NumberChecks.AtLeastOne.class,
            description = "ONNX Runtime's global intra-op threads, shared by every model (default: ${DEFAULT-VALUE}).")
    int ortThreads;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
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
