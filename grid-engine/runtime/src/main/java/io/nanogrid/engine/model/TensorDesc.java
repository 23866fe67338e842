package io.nanogrid.engine.model;

import com.google.gson.annotations.SerializedName;
import io.nanogrid.onnx.ElementType;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A declared model input or output.
 *
 * @param name  the name in the graph
 * @param kind  tensor, sequence or map (only tensors can be fed as inputs)
 * @param type  element type of a tensor (or of a map's values)
 * @param shape declared dimensions, empty for scalars and non-tensors
 */
public record TensorDesc(String name, Kind kind, ElementType type, List<Dim> shape) {
    public enum Kind {
        @SerializedName("tensor") TENSOR,
        @SerializedName("sequence") SEQUENCE,
        @SerializedName("map") MAP,
        @SerializedName("other") OTHER
    }

    public TensorDesc {
        shape = List.copyOf(shape);
    }

    public int rank() {
        return shape.size();
    }

    /** "float [batch, 1, 28, 28]". */
    public String describe() {
        if (kind != Kind.TENSOR) {
            return kind.name().toLowerCase(Locale.ROOT) + (type != null ? "<" + type + ">" : "");
        }
        return type + " " + shape.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
