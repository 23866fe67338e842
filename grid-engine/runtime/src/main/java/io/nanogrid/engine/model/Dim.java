package io.nanogrid.engine.model;

/**
 * One dimension of a declared shape: a fixed size, a symbolic name ("batch"), or unknown.
 *
 * @param size the fixed size, or -1 when the dimension is symbolic or unknown
 * @param name the symbolic name, or null
 */
public record Dim(long size, String name) {
    public static Dim fixed(long size) {
        return new Dim(size, null);
    }

    public static Dim symbolic(String name) {
        return new Dim(-1, name == null || name.isEmpty() ? null : name);
    }

    public boolean isFixed() {
        return size >= 0;
    }

    @Override
    public String toString() {
        return isFixed() ? Long.toString(size) : name != null ? name : "?";
    }
}
