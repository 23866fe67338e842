package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.nanogrid.engine.features.BadRequestException;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.Model;
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
        Map<String, Hessian> hessians = new LinkedHashMap<>();
        if (points.isEmpty()) {
            return new Calibration(hessians, data.source().getFileName().toString(), 0);
        }
        ModelProto recorder = withOutputs(model, points.keySet());
        try (Model m = loader.load(recorder.toByteArray(), where)) {
            List<Map<String, Value>> feeds = feeds(m.signature(), where, adapter, baseDir, data, data.requests().size());
            for (int i = 0; i < feeds.size(); i++) {
                progress.checkCancelled();
                progress.update(i, feeds.size(), "calibrating on " + data.source().getFileName());
                Map<String, Value> out = m.run(feeds.get(i));
                for (Map.Entry<String, Integer> p : points.entrySet()) {
                    if (out.get(p.getKey()) instanceof FloatTensor t && t.values().length % p.getValue() == 0) {
                        int k = p.getValue();
                        Hessian h = hessians.computeIfAbsent(p.getKey(), x -> Hessian.empty(k));
                        hessians.put(p.getKey(), h.add(t.values(), 0, t.values().length / k));
                    }
                }
            }
        }
        return new Calibration(hessians, data.source().getFileName().toString(), data.requests().size());
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
                                    ? " (give --tokenizer for a transformer)" : ""));
                }
            }
        } finally {
            bound.adapter().close();
        }
        return out;
    }

    /** The model with the given values added to its outputs (as float tensors of any shape). */
    static ModelProto withOutputs(ModelProto model, Iterable<String> values) {
        ModelProto.Builder b = model.toBuilder();
        Set<String> outputs = new HashSet<>();
        b.getGraph().getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String v : values) {
            if (outputs.add(v)) {
                b.getGraphBuilder().addOutput(ValueInfoProto.newBuilder().setName(v).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementType.FLOAT.code()))));
            }
        }
        return b.build();
    }
}
