package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.nanogrid.engine.features.BadRequestException;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelInputException;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.quantizer.quant.Hessian;
import io.nanogrid.quantizer.rewrite.Calibration;
import io.nanogrid.quantizer.rewrite.CalibrationPoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs calibration examples through a float model and records, for the input of every MatMul/Gemm
 * weight ({@link CalibrationPoints}), the sum of x x^T over its rows: the model is run with those values
 * as extra outputs, fed as it is fed for requests (the adapter given, else its metadata or a guess).
 */
public final class Calibrator {
    private final ModelLoader loader;

    public Calibrator(ModelLoader loader) {
        this.loader = loader;
    }

    /**
     * @param model   the float model, external data loaded
     * @param where   names the model in messages
     * @param adapter how to feed it (null: from its metadata, else a guess)
     * @param baseDir the folder files the adapter names are relative to
     */
    public Calibration record(ModelProto model, String where, InputSpec adapter, Path baseDir, CalibrationData data,
            Progress progress) {
        Map<String, Integer> points = CalibrationPoints.of(model);
        Map<String, CalibrationPoints.Table> tables = CalibrationPoints.tables(model);
        Map<String, Hessian> hessians = new LinkedHashMap<>();
        Map<String, long[]> rowsRead = new LinkedHashMap<>();
        tables.forEach((name, t) -> rowsRead.put(name, new long[t.rows()]));
        if (points.isEmpty() && tables.isEmpty()) {
            // nothing to calibrate (embedding tables, Conv): data of the wrong kind is still refused
            try (Model m = loader.load(model.toByteArray(), where)) {
                feeds(m.signature(), where, adapter, baseDir, data, 1);
            }
            return new Calibration(hessians, data.source().getFileName().toString(), 0);
        }
        Set<String> inputs = new HashSet<>();
        model.getGraph().getInputList().forEach(v -> inputs.add(v.getName()));
        Set<String> ids = new LinkedHashSet<>();
        tables.values().forEach(t -> t.indices().stream().filter(v -> !inputs.contains(v)).forEach(ids::add));
        ModelProto recorder = withOutputs(model, points.keySet(), ids);
        try (Model m = loader.load(recorder.toByteArray(), where)) {
            List<Map<String, Value>> feeds = feeds(m.signature(), where, adapter, baseDir, data, data.requests().size());
            for (int i = 0; i < feeds.size(); i++) {
                progress.checkCancelled();
                progress.update(i, feeds.size(), "calibrating on " + data.source().getFileName());
                Map<String, Value> out;
                try {
                    out = m.run(feeds.get(i));
                } catch (ModelInputException e) {
                    throw new BadInputException("--calibration " + data.source() + " holds " + data.kind()
                            + " this model cannot take: " + e.getMessage());
                }
                for (Map.Entry<String, CalibrationPoints.Table> t : tables.entrySet()) {
                    for (String v : t.getValue().indices()) {
                        count(feeds.get(i).containsKey(v) ? feeds.get(i).get(v) : out.get(v), rowsRead.get(t.getKey()));
                    }
                }
                for (Map.Entry<String, Integer> p : points.entrySet()) {
                    if (out.get(p.getKey()) instanceof FloatTensor t && t.values().length % p.getValue() == 0) {
                        int k = p.getValue();
                        Hessian h = hessians.computeIfAbsent(p.getKey(), x -> Hessian.empty(k));
                        hessians.put(p.getKey(), h.add(t.values(), 0, t.values().length / k));
                    }
                }
            }
        }
        return new Calibration(hessians, data.source().getFileName().toString(), data.requests().size(), rowsRead);
    }

    /** Adds one to each row an index tensor reads (negative indices count from the end, as Gather reads them). */
    private static void count(Value ids, long[] rows) {
        if (ids instanceof LongTensor t) {
            for (long r : t.values()) {
                long row = r < 0 ? r + rows.length : r;
                if (row >= 0 && row < rows.length) {
                    rows[(int) row]++;
                }
            }
        }
    }

    /**
     * The model's inputs for the first {@code limit} examples, fed as requests are (the adapter given, else
     * the model's metadata, else a guess); examples of the wrong kind are refused naming the file.
     */
    public static List<Map<String, Value>> feeds(ModelSignature sig, String where, InputSpec adapter, Path baseDir,
            CalibrationData data, int limit) {
        InputSpec spec = InputAdapters.resolve(adapter, sig, where);
        InputAdapters.Bound bound = InputAdapters.bind(spec, sig, baseDir, where);
        List<Map<String, Value>> out = new ArrayList<>();
        try {
            for (Request r : data.requests().subList(0, Math.min(limit, data.requests().size()))) {
                try {
                    out.add(bound.adapter().apply(r));
                } catch (BadRequestException e) {
                    throw new BadInputException("--calibration " + data.source() + " holds " + data.kind() + ": "
                            + e.getMessage() + (data.kind().equals("text") && adapter == null
                                    && !e.getMessage().contains("--tokenizer") && takesIds(sig)
                                    ? " (give --tokenizer for a transformer)" : ""));
                }
            }
        } finally {
            bound.adapter().close();
        }
        return out;
    }

    /** Whether every input is integer, as a transformer's token ids are (a tokenizer would feed it). */
    private static boolean takesIds(ModelSignature sig) {
        return !sig.inputs().isEmpty() && sig.inputs().stream()
                .allMatch(t -> t.type() == ElementType.INT64 || t.type() == ElementType.INT32);
    }

    /** The model with the given values added to its outputs (as float tensors of any shape). */
    static ModelProto withOutputs(ModelProto model, Iterable<String> values) {
        return withOutputs(model, values, Set.of());
    }

    /** As above, with int64 values (a Gather's indices) added too. */
    static ModelProto withOutputs(ModelProto model, Iterable<String> values, Iterable<String> longs) {
        ModelProto.Builder b = model.toBuilder();
        Set<String> outputs = new HashSet<>();
        b.getGraph().getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String v : values) {
            add(b, outputs, v, ElementType.FLOAT);
        }
        for (String v : longs) {
            add(b, outputs, v, ElementType.INT64);
        }
        return b.build();
    }

    private static void add(ModelProto.Builder b, Set<String> outputs, String v, ElementType type) {
        if (outputs.add(v)) {
            b.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(v).setType(TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.code()))));
        }
    }
}
