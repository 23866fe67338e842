package io.nanogrid.engine.model;

/** An integer tensor (int8 to int64, uint8 and bool are carried as long). */
public record LongTensor(long[] shape, long[] values) implements Value {
    public LongTensor {
        Shapes.check(shape, values.length, "int64 tensor");
    }

    @Override
    public String describe() {
        return "int64 " + Shapes.format(shape);
    }
}
