package io.nanogrid.engine.cli;

import io.nanogrid.engine.features.InputsRequest;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.runtime.ResponseJson;
import io.nanogrid.files.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Send one request through a grid (or a single model) and print the answer.",
                "A stream model answers a recording (--audio) frame by frame; with --frames, the rows of the --tensor "
                + "or --input arrays are sent one after another in one session, carrying a stateful model's state.",
                "Exit code 1 when the request got no answer (an error with no fallback to answer instead)."})
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GRID", description = "A grid file (.json) or a model (.onnx).")
    Path target;

    @ArgGroup(exclusive = true, multiplicity = "1")
    RequestOptions request;

    @Mixin
    AdapterOptions adapter;

    @Option(names = "--sample-rate", paramLabel = "HZ", converter = NumberChecks.AtLeastOne.class,
            description = "The rate of a headerless --audio FILE.pcm (16-bit little-endian mono).")
    int sampleRate;

    @Option(names = "--frames", description = "The first axis of --tensor/--input arrays counts frames: send each "
            + "frame as a request of one session, in order, and print one answer per frame.")
    boolean frames;

    @Option(names = "--json", description = "Print JSON (keys route, confidence, result, timings, degraded, error, "
            + "fallback, routerChoice, routeScores, abstain); with --frames, one object per line.")
    boolean json;

    @Override
    public Integer call() {
        Request given = request.request(sampleRate);
        try (Grid grid = Grid.open(adapter.apply(GridTarget.of(target), given.kind()), root.runtime())) {
            grid.warnings().forEach(w -> spec.commandLine().getErr().println("nanogrid: warning: " + w));
            PrintWriter out = spec.commandLine().getOut();
            List<Request> requests = frames ? frames(given) : List.of(given);
            String session = frames ? UUID.randomUUID().toString() : null;
            int code = Cli.OK;
            for (int i = 0; i < requests.size(); i++) {
                GridResponse r = grid.route(requests.get(i), session);
                if (json) {
                    out.println(frames ? ResponseJson.of(r).replaceAll("\\s*\\n\\s*", " ") : ResponseJson.of(r));
                } else {
                    if (frames) {
                        out.printf("frame %d%n", i);
                    }
                    Answers.print(r, out);
                }
                if (r.refused()) {
                    spec.commandLine().getErr().println("nanogrid: " + r.error().message());
                    return Cli.BAD_INPUT;
                }
                if (r.error() != null) {
                    spec.commandLine().getErr().println("nanogrid: " + (r.result() != null ? "answered by the "
                            + "fallback: " : "") + r.error().message());
                }
                if (r.error() != null && r.result() == null) {
                    code = Cli.PROBLEM;
                }
            }
            return code;
        }
    }

    /** One request per row of the first axis of the given arrays (every array must have the same count). */
    private static List<Request> frames(Request whole) {
        Map<String, Value> named = whole instanceof InputsRequest ir ? ir.inputs()
                : whole instanceof TensorRequest tr ? Map.of("", tr.tensor()) : null;
        if (named == null) {
            throw new BadInputException("--frames goes with --tensor or --input arrays whose first axis counts frames");
        }
        long n = -1;
        for (Map.Entry<String, Value> e : named.entrySet()) {
            long[] shape = shape(e.getValue());
            if (shape.length < 1 || (n >= 0 && shape[0] != n)) {
                throw new BadInputException("--frames: every array needs the same number of frames on its first axis; "
                        + (e.getKey().isEmpty() ? "the tensor" : "input '" + e.getKey() + "'") + " is "
                        + e.getValue().describe());
            }
            n = shape[0];
        }
        List<Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Value> row = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : named.entrySet()) {
                row.put(e.getKey(), row(e.getValue(), i));
            }
            out.add(whole instanceof TensorRequest ? new TensorRequest(row.get("")) : new InputsRequest(row));
        }
        return out;
    }

    private static long[] shape(Value v) {
        return v instanceof FloatTensor f ? f.shape() : v instanceof LongTensor l ? l.shape()
                : v instanceof StringTensor s ? s.shape() : new long[0];
    }

    /** Row i of the first axis, keeping a leading batch dimension of 1. */
    private static Value row(Value v, int i) {
        long[] shape = shape(v);
        long[] rowShape = shape.clone();
        rowShape[0] = 1;
        int size = (int) (Arrays.stream(rowShape).reduce(1, (a, b) -> a * b));
        if (v instanceof FloatTensor f) {
            return new FloatTensor(rowShape, Arrays.copyOfRange(f.values(), i * size, (i + 1) * size));
        }
        if (v instanceof LongTensor l) {
            return new LongTensor(rowShape, Arrays.copyOfRange(l.values(), i * size, (i + 1) * size));
        }
        StringTensor s = (StringTensor) v;
        return new StringTensor(rowShape, Arrays.copyOfRange(s.values(), i * size, (i + 1) * size));
    }
}
