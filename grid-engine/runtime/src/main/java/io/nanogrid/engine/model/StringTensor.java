package io.nanogrid.engine.model;

/** A string tensor (for instance the label output of a scikit-learn classifier). */
public record StringTensor(long[] shape, String[] values) implements Value {
    public StringTensor {
        Shapes.check(shape, values.length, "string tensor");
    }

    @Override
    public String describe() {
        return "string " + Shapes.format(shape);
    }
}
