package io.nanogrid.engine.cli;

import io.nanogrid.engine.inspect.ModelInspector;
import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.model.TensorDesc;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a model's inputs and outputs, opsets, operators, parameters, weight bytes and metadata.")
public final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "An .onnx file.")
    Path model;

    @Option(names = "--json", description = "Print JSON (keys inputs, outputs, irVersion, producer, opsets, ops, "
            + "parameters, weightBytes, metadata).")
    boolean json;

    @Option(names = "--weights", description = "List every weight tensor in the text output.")
    boolean weights;

    @Override
    public Integer call() {
        ModelReport r = new ModelInspector(root.runtime()).inspect(model);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.report().toJson(r));
        } else {
            text(r, out);
        }
        if (r.loadError() != null) {
            spec.commandLine().getErr().println("nanogrid: " + r.loadError());
            return Cli.BAD_INPUT;
        }
        return Cli.OK;
    }

    private void text(ModelReport r, PrintWriter out) {
        out.printf("Model       %s (%s)%n", r.file(), Formats.bytes(r.fileBytes()));
        out.printf("Producer    %s, IR version %d%n", r.producer().isEmpty() ? "unknown" : r.producer(), r.irVersion());
        out.printf("Opsets      %s%n", join(r.opsets()));
        for (TensorDesc t : r.inputs()) {
            out.printf("Input       %-20s %s%n", t.name(), t.describe());
        }
        for (TensorDesc t : r.outputs()) {
            out.printf("Output      %-20s %s%n", t.name(), t.describe());
        }
        out.printf("Parameters  %s in %d tensors (%s)%n", Formats.count(r.parameters()), r.weights().size(),
                Formats.bytes(r.weightBytes()));
        out.printf("Operators   %s%n", join(r.ops()));
        r.metadata().forEach((k, v) -> out.printf("Metadata    %s = %s%n", k, v.length() > 100 ? v.substring(0, 100)
                + "..." : v));
        if (weights) {
            r.weights().forEach(w -> out.printf("  %-40s %-8s %-18s %s%n", w.name(), w.type(),
                    Arrays.toString(w.dims()), Formats.bytes(w.bytes())));
        }
        out.printf("Runtime     %s%n", r.loadError() == null ? "loads in ONNX Runtime " + root.runtime().version()
                : "refused");
    }

    private static String join(Map<String, ?> m) {
        return m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
