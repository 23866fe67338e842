package io.nanogrid.engine.model;

/** A float tensor (double, float16 and bfloat16 outputs are converted to float). */
public record FloatTensor(long[] shape, float[] values) implements Value {
    public FloatTensor {
        Shapes.check(shape, values.length, "float tensor");
    }

    @Override
    public String describe() {
        return "float " + Shapes.format(shape);
    }
}
