package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ExternalData;
import io.nanogrid.onnx.OnnxModels;
import io.nanogrid.onnx.WeightBits;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The sensitivity of one expert of a grid, measured on the examples its route gets (all of them when the
 * data has no routes): calibrated (GPTQ) at 8, 4 and 2 bits, each weight alone, what the quantization lab
 * charts and `nanogrid quantize --target-bpw` plans with.
 */
public final class ExpertSensitivity {
    private final ModelLoader loader;

    public ExpertSensitivity(ModelLoader loader) {
        this.loader = loader;
    }

    /** @param limit the most examples used */
    public Sensitivity measure(GridTarget target, String expert, Dataset data, int block, int limit,
            Progress progress) {
        ExpertSpec e = target.spec().experts().stream().filter(x -> x.id().equals(expert)).findFirst()
                .orElseThrow(() -> new BadInputException("no expert '" + expert + "' in " + target.name()));
        List<Request> requests = data.examples().stream().filter(x -> x.route() == null || x.route().equals(expert))
                .map(Example::request).limit(limit).toList();
        if (requests.isEmpty()) {
            throw new BadInputException("no examples for expert '" + expert + "' in " + data.source());
        }
        Path file = target.baseDir().resolve(e.model()).normalize();
        ModelProto model = ExternalData.load(OnnxModels.read(file), file.toAbsolutePath().getParent());
        CalibrationData cal = new CalibrationData(Path.of(data.source()), "examples", requests);
        String where = "expert '" + expert + "' (" + e.model() + ")";
        QuantizeOptions options = QuantizeOptions.of(new QuantSpec(4, block, QuantMethod.SEARCH, false))
                .withCalibration(new Calibrator(loader).record(model, where, e.input(), target.baseDir(), cal,
                        progress));
        List<Map<String, Value>> feeds;
        try (Model m = loader.load(file)) {
            feeds = Calibrator.feeds(m.signature(), where, e.input(), target.baseDir(), cal, limit);
        }
        return new SensitivityMeter(loader, ModelQuantizer.standard()).measure(model, options, feeds, WeightBits.WIDTHS,
                Path.of(data.source()).getFileName().toString(), progress);
    }
}
