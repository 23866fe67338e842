package io.nanogrid.engine.decode;

import io.nanogrid.engine.model.ModelRunException;
import io.nanogrid.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Regression values: the first row of the output as it is, one per name. */
final class ValuesDecoder implements OutputDecoder {
    private final String output;
    private final List<String> names;
    private final String source;

    ValuesDecoder(String output, List<String> names, String source) {
        this.output = output;
        this.names = names;
        this.source = source;
    }

    @Override
    public Answer decode(Map<String, Value> outputs, Map<String, Value> inputs) {
        float[] row = Outputs.firstRow(Outputs.floats(outputs, output, source));
        List<String> n = names != null ? names : LabelNames.indices(row.length);
        if (n.size() != row.length) {
            throw new ModelRunException("model " + source + " output '" + output + "' has " + row.length
                    + " values for " + n.size() + " names");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < row.length; i++) {
            values.put(n.get(i), (double) row[i]);
        }
        return new ValuesAnswer(values);
    }

    @Override
    public String output() {
        return output;
    }

    @Override
    public List<String> labels() {
        return List.of();
    }
}
