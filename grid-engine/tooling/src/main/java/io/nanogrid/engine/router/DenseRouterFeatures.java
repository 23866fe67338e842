package io.nanogrid.engine.router;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.EncodedText;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.InputAdapter;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorValues;
import io.nanogrid.engine.grid.EncodedSpec;
import io.nanogrid.engine.grid.ImageSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.TensorSpec;
import io.nanogrid.engine.model.Dim;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The features a router of an image, tensor or encoder grid learns from: each request through the router's
 * own input adapter (the one the exported model carries), flattened. Images are taken grey or colour at their
 * own size up to 64 pixels a side (larger ones are shrunk to 32) and scaled to 0..1; tensors as they are; a
 * text with the grid encoder's embedding, that embedding.
 */
final class DenseRouterFeatures {
    /** The router's input spec, the model's input shape (batch first) and the adapter that makes its vectors. */
    private final InputSpec spec;
    private final Object[] inputShape;
    private final InputAdapter adapter;
    private final int width;

    private DenseRouterFeatures(InputSpec spec, Object[] inputShape, InputAdapter adapter, int width) {
        this.spec = spec;
        this.inputShape = inputShape;
        this.adapter = adapter;
        this.width = width;
    }

    /** Chosen from the first training example; every example must be of the same kind and size. */
    static DenseRouterFeatures of(List<Example> examples) {
        Request first = examples.get(0).request();
        if (first instanceof EncodedText e) {
            int d = e.embedding().length;
            InputSpec spec = EncodedSpec.embedding();
            return new DenseRouterFeatures(spec, new Object[] {"batch", d}, bind(spec, d), d);
        }
        if (first instanceof ImageRequest ir) {
            int w = ir.image().width() <= 64 && ir.image().height() <= 64 ? ir.image().width() : 32;
            int h = ir.image().width() <= 64 && ir.image().height() <= 64 ? ir.image().height() : 32;
            int c = ir.image().channels() == 1 ? 1 : 3;
            ImageSpec spec = new ImageSpec(w, h, c == 1 ? "grey" : "rgb", 1.0 / 255, null, null, "flat", null);
            int d = w * h * c;
            return new DenseRouterFeatures(spec, new Object[] {"batch", d}, bind(spec, d), d);
        }
        Value v = first instanceof io.nanogrid.engine.features.TensorRequest tr ? tr.tensor() : null;
        if (!(v instanceof FloatTensor) && !(v instanceof LongTensor)) {
            throw new BadInputException("a router is trained on text, images or numeric tensors; the experts' data "
                    + "holds " + first.kind() + " requests");
        }
        long[] shape = TensorValues.shapeOf(v);
        int d = 1;
        for (long x : shape) {
            d *= (int) x;
        }
        List<Object> dims = new ArrayList<>();
        dims.add("batch");
        boolean batched = shape.length > 1 && shape[0] == 1;
        for (int i = batched ? 1 : 0; i < shape.length; i++) {
            dims.add(shape[i]);
        }
        InputSpec spec = new TensorSpec(null);
        return new DenseRouterFeatures(spec, dims.toArray(), bind(spec, dims), d);
    }

    private static InputAdapter bind(InputSpec spec, int d) {
        return bind(spec, List.of("batch", (long) d));
    }

    private static InputAdapter bind(InputSpec spec, List<Object> dims) {
        List<Dim> shape = dims.stream().map(o -> o instanceof Long l ? Dim.fixed(l) : Dim.symbolic(o.toString()))
                .toList();
        ModelSignature sig = new ModelSignature(List.of(new TensorDesc("input", TensorDesc.Kind.TENSOR,
                ElementType.FLOAT, shape)), List.of(), Map.of());
        return InputAdapters.bind(spec, sig, "the router");
    }

    InputSpec spec() {
        return spec;
    }

    Object[] inputShape() {
        return inputShape;
    }

    int width() {
        return width;
    }

    /** The request's vector, as the exported router will see it. */
    float[] vector(Request r) {
        Value v = adapter.apply(r).get("input");
        float[] x = v instanceof FloatTensor f ? f.values() : toFloats(((LongTensor) v).values());
        if (x.length != width) {
            throw new BadInputException("the experts' data mixes sizes: a request of " + x.length + " values where the "
                    + "first had " + width + "; a router needs one size");
        }
        return x;
    }

    private static float[] toFloats(long[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
