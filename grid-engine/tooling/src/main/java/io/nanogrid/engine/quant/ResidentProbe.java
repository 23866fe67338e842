package io.nanogrid.engine.quant;

import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import java.nio.file.Path;

/**
 * Measures one model's resident bytes in a fresh process and prints them: a process that has loaded
 * and closed other models reuses their freed memory, which would make later models look smaller.
 * Started by {@link ResidentMeter}; arguments: the model file and the number of copies.
 */
public final class ResidentProbe {
    private ResidentProbe() {
    }

    public static void main(String[] args) {
        long bytes = new ResidentMeter(new OrtRuntime(), false).measure(Path.of(args[0]), Integer.parseInt(args[1]),
                Progress.NONE);
        System.out.println(bytes);
        System.exit(0);
    }
}
