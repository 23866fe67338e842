package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.List;

/**
 * Regression values: the output's numbers as they are, one per name.
 *
 * @param names       a name per value, in the output's order; null for the indices "0", "1", ...
 * @param modelOutput the output to read; null for the first float output
 */
@Kind(ValuesSpec.KIND)
public record ValuesSpec(List<String> names, String modelOutput) implements OutputSpec {
    public static final String KIND = "values";

    public ValuesSpec {
        names = names != null ? List.copyOf(names) : null;
    }

    @Override
    public String kind() {
        return KIND;
    }
}
