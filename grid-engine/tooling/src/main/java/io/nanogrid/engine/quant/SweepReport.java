package io.nanogrid.engine.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What `nanogrid sweep` measured: every model (a single model, or each expert of a grid) in every
 * variant, and for a grid the whole grid in each variant.
 *
 * @param target    the model or grid
 * @param data      the data file
 * @param examples  examples run
 * @param labelled  whether the examples have labels (accuracy needs them; agreement does not)
 * @param routed    whether the examples say which route should answer
 * @param router    the router (float, never quantized here), null for a single model
 * @param models    one row per model and variant
 * @param grid      one row per variant for the whole grid (every expert in that variant); empty for a model
 * @param warnings  every variant slower (p50 over {@link #SLOWER}x) or larger in memory than its float model
 */
public record SweepReport(String target, String data, int examples, boolean labelled, boolean routed, Cost router,
        List<ModelRow> models, List<GridRow> grid, List<String> warnings) {
    /** A p50 this many times the float one's is reported as slower (p50s of one run move by a few percent). */
    public static final double SLOWER = 1.05;

    public SweepReport(String target, String data, int examples, boolean labelled, boolean routed, Cost router,
            List<ModelRow> models, List<GridRow> grid) {
        this(target, data, examples, labelled, routed, router, models, grid, worseThanFloat(models));
    }

    /** Plain sentences for each variant that is slower or takes more memory than the float model it came from. */
    public static List<String> worseThanFloat(List<ModelRow> models) {
        Map<String, ModelRow> floats = new HashMap<>();
        models.stream().filter(m -> m.bits() == null).forEach(m -> floats.putIfAbsent(m.expert(), m));
        List<String> out = new ArrayList<>();
        for (ModelRow m : models) {
            ModelRow f = floats.get(m.expert());
            if (m.bits() == null || f == null || m.quantizedTensors() == 0) {
                continue;
            }
            List<String> worse = new ArrayList<>();
            if (f.p50Micros() > 0 && m.p50Micros() > SLOWER * f.p50Micros()) {
                worse.add(String.format(Locale.ROOT, "slower (p50 %.1f µs against %.1f float, %.2fx)",
                        m.p50Micros(), f.p50Micros(), m.p50Micros() / f.p50Micros()));
            }
            if (f.residentBytes() > 0 && m.residentBytes() > f.residentBytes()) {
                worse.add(String.format(Locale.ROOT, "larger in memory (%d bytes resident against %d float, "
                        + "+%.0f %%)", m.residentBytes(), f.residentBytes(), 100.0 * (m.residentBytes()
                                - f.residentBytes()) / f.residentBytes()));
            }
            if (!worse.isEmpty()) {
                out.add(m.expert() + " " + m.variant() + " is " + String.join(" and ", worse));
            }
        }
        return List.copyOf(out);
    }

    /** Bytes of a model that stays float. */
    public record Cost(long fileBytes, long residentBytes) {
    }

    /**
     * One model in one variant.
     *
     * @param expert           the expert id (the model's name for a single model)
     * @param variant          "float" or e.g. "q4-b32-search"
     * @param bits             null for float
     * @param block            null for float
     * @param method           null for float
     * @param symmetric        null for float
     * @param quantizedTensors how many weights were quantized (0: nothing to quantize, same as float)
     * @param fileBytes        bytes on disk
     * @param residentBytes    resident bytes per loaded copy, measured
     * @param p50Micros        median latency of one request through this model (adapter included)
     * @param examples         the examples this model was measured on (its route's)
     * @param accuracy         share of them answered right (null without labels)
     * @param top1Agreement    share given the same label as the float model
     * @param meanKl           mean KL(float || this) of the label probabilities
     * @param jointCorrect     examples the grid's float router sends here that this variant answers right, route
     *                         included (what it adds to the grid's joint accuracy); null without labels
     */
    public record ModelRow(String expert, String variant, Integer bits, Integer block, String method, Boolean symmetric,
            int quantizedTensors, long fileBytes, long residentBytes, double p50Micros, int examples, Double accuracy,
            Double top1Agreement, Double meanKl, Long jointCorrect) {
    }

    /**
     * The whole grid with every expert in one variant (the router stays float).
     *
     * @param fileBytes     router and experts, on disk
     * @param residentBytes router and experts, resident, measured model by model
     * @param p50Micros     median latency of a request through the grid
     * @param jointAccuracy share of examples answered with the right label (and route, when the data has routes)
     * @param top1Agreement share answered like the float grid
     * @param meanKl        mean KL(float grid || this grid)
     */
    public record GridRow(String variant, long fileBytes, long residentBytes, double p50Micros, Double jointAccuracy,
            Double top1Agreement, Double meanKl) {
    }
}
