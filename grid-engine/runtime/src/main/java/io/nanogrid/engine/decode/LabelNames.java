package io.nanogrid.engine.decode;

import java.util.ArrayList;
import java.util.List;

/** Class indices as labels when a model names none: "0", "1", ... */
final class LabelNames {
    private LabelNames() {
    }

    static List<String> indices(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
