package io.nanogrid.engine.grid;

import java.util.List;

/**
 * A tensor written out in JSON: {@code {"shape": [1], "type": "int64", "data": [16000]}}. The same form
 * as the "inputs" of POST /v1/route.
 *
 * @param shape dimensions; null for the input's rank with the values along its last axis
 * @param type  element type: float, double, int64, int32, int16, int8, uint8, bool or string; null for the
 *              input's own
 * @param data  the values in row-major order (numbers, true/false, or strings)
 */
public record TensorValue(List<Long> shape, String type, List<Object> data) {
    public TensorValue {
        shape = shape != null ? List.copyOf(shape) : null;
        data = data != null ? List.copyOf(data) : List.of();
    }
}
