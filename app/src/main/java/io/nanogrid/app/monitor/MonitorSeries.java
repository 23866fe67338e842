package io.nanogrid.app.monitor;

import io.fair_acc.dataset.DataSet;
import io.fair_acc.dataset.utils.DataSetStyleBuilder;
import io.nanogrid.app.charts.FxDataSet;
import io.nanogrid.app.charts.FxErrorDataSet;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.load.LoadSample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The monitor's series as ChartFX data sets (plain data, no nodes; the charts redraw on the FX
 * thread when they change): latency percentiles per route over time (and the shared encoder's stage on
 * its own, on a grid with an encoder), throughput, memory, and the per-expert latency bars. Keeps the
 * last {@link #HISTORY} samples, which the CSV export writes.
 * FX thread.
 */
public final class MonitorSeries {
    /** Samples kept: a minute at 20 Hz. */
    public static final int HISTORY = 1200;
    static final String[] PERCENTILES = {"p50", "p95", "p99"};
    private static final double[][] DASHES = {{}, {7, 4}, {2, 3}};
    private static final double MB = 1024.0 * 1024.0;
    /** Series colors (Tableau 10): a route keeps its color across its percentiles. */
    static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};

    /** The encoder stage's color: a dark gray no route takes. */
    static final String ENCODER_COLOR = "#3b3b3b";

    private final Map<String, FxDataSet[]> latency = new LinkedHashMap<>();
    /** The shared encoder's stage: p50, p95, p99 (null until a sample has it). */
    private FxDataSet[] encoder;
    private final ObservableList<DataSet> latencyShown = FXCollections.observableArrayList();
    private final BooleanProperty[] shown = {new SimpleBooleanProperty(true), new SimpleBooleanProperty(false),
            new SimpleBooleanProperty(true)};
    private final FxDataSet throughput = new FxDataSet("answered");
    private final FxDataSet degraded = new FxDataSet("degraded");
    private final FxDataSet target = new FxDataSet("target rate");
    private final FxDataSet rss = new FxDataSet("process RSS");
    private final FxDataSet heap = new FxDataSet("Java heap used");
    /** Each expert's p50 as a bar, with a whisker up to its p99. */
    private final FxErrorDataSet expertLatency = new FxErrorDataSet("p50 bar, whisker to p99");
    private final ObservableList<String> experts = FXCollections.observableArrayList();
    private final ArrayDeque<Row> history = new ArrayDeque<>();

    /** One sample as kept for the export: the target rate beside the engine's figures. */
    record Row(LoadSample sample, double targetRate) {
    }

    public MonitorSeries() {
        throughput.setStyle(style(0).setLineWidth(1.5).build());
        degraded.setStyle(style(3).setLineWidth(1.5).build());
        target.setStyle(style(7).setLineDashes(6, 4).build());
        rss.setStyle(style(0).setLineWidth(1.5).build());
        heap.setStyle(style(2).setLineWidth(1.5).build());
        expertLatency.setStyle(style(0).build());
        for (BooleanProperty p : shown) {
            p.addListener((o, a, b) -> updateShown());
        }
    }

    /** Whether the latency chart shows p50, p95, p99 (index 0, 1, 2). */
    public BooleanProperty shown(int percentile) {
        return shown[percentile];
    }

    /**
     * The latency data sets the chart shows: one per route and shown percentile, named "route p99"
     * ("not sure p99" for the grid's "not sure" answers).
     */
    public ObservableList<DataSet> latencyShown() {
        return latencyShown;
    }

    /** All latency data sets of a route: p50, p95, p99 (null before the route answered anything). */
    public FxDataSet[] latency(String route) {
        return latency.get(route);
    }

    /**
     * The shared encoder's stage latency: p50, p95, p99, named "encoder stage p50" and so on (null until
     * a grid with an encoder answered).
     */
    public FxDataSet[] encoderLatency() {
        return encoder;
    }

    public List<DataSet> throughputSets() {
        return List.of(throughput, degraded, target);
    }

    public List<DataSet> memorySets() {
        return List.of(rss, heap);
    }

    public List<DataSet> expertSets() {
        return List.of(expertLatency);
    }

    /** The experts on the bar chart's category axis, in bar order. */
    public ObservableList<String> experts() {
        return experts;
    }

    /** Appends one sample; {@code targetRate} 0 for an unpaced run. */
    void add(LoadSample s, double targetRate) {
        history.addLast(new Row(s, targetRate));
        double x = s.seconds();
        boolean newSeries = false;
        for (Map.Entry<String, LoadSample.Percentiles> e : s.routes().entrySet()) {
            LoadSample.Percentiles p = e.getValue();
            if (p.count() == 0) {
                continue;
            }
            FxDataSet[] sets = latency.get(e.getKey());
            if (sets == null) {
                sets = newRoute(e.getKey());
                newSeries = true;
            }
            append(sets[0], x, p.p50());
            append(sets[1], x, p.p95());
            append(sets[2], x, p.p99());
        }
        LoadSample.Percentiles stage = s.stages().get(LoadSample.ENCODER);
        if (stage != null && stage.count() > 0) {
            if (encoder == null) {
                encoder = percentileSets("encoder stage", ENCODER_COLOR);
                newSeries = true;
            }
            append(encoder[0], x, stage.p50());
            append(encoder[1], x, stage.p95());
            append(encoder[2], x, stage.p99());
        }
        append(throughput, x, s.throughput());
        append(degraded, x, s.degradedPerSecond());
        if (targetRate > 0) {
            append(target, x, targetRate);
        }
        if (s.rssBytes() > 0) {
            append(rss, x, s.rssBytes() / MB);
        }
        append(heap, x, s.heapUsedBytes() / MB);
        updateBars(s);
        while (history.size() > HISTORY) {
            history.pollFirst();
        }
        for (FxDataSet[] sets : latency.values()) {
            for (FxDataSet d : sets) {
                trim(d);
            }
        }
        for (FxDataSet d : encoder != null ? encoder : new FxDataSet[0]) {
            trim(d);
        }
        for (FxDataSet d : new FxDataSet[] {throughput, degraded, target, rss, heap}) {
            trim(d);
        }
        if (newSeries) {
            updateShown();
        }
    }

    private FxDataSet[] newRoute(String route) {
        String color = COLORS[latency.size() % COLORS.length];
        FxDataSet[] sets = percentileSets(route.equals(GridSpec.FALLBACK_NODE) ? "not sure" : route, color);
        latency.put(route, sets);
        return sets;
    }

    /** p50, p95 and p99 of one series: one color, solid, dashed and dotted. */
    private static FxDataSet[] percentileSets(String name, String color) {
        FxDataSet[] sets = new FxDataSet[PERCENTILES.length];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = new FxDataSet(name + " " + PERCENTILES[i], HISTORY);
            DataSetStyleBuilder style = style(color).setLineWidth(i == 0 ? 1.5 : 1.2);
            if (DASHES[i].length > 0) {
                style.setLineDashes(DASHES[i]);
            }
            sets[i].setStyle(style.build());
        }
        return sets;
    }

    private static DataSetStyleBuilder style(int color) {
        return style(COLORS[color % COLORS.length]);
    }

    private static DataSetStyleBuilder style(String c) {
        return DataSetStyleBuilder.newInstance().setLineColor(c).setMarkerColor(c).setFill(c);
    }

    /** The experts the bars show, in the grid's order, before any answer (the grid changed). */
    void setExperts(List<String> ids) {
        if (!experts.equals(ids)) {
            experts.setAll(ids);
        }
        double[] zeros = new double[ids.size()];
        double[] x = new double[ids.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        expertLatency.set(x, zeros, zeros.clone(), zeros.clone());
    }

    private void updateBars(LoadSample s) {
        List<String> names = new ArrayList<>(experts);
        s.experts().keySet().stream().filter(id -> !names.contains(id)).forEach(names::add);
        if (!names.equals(experts)) {
            experts.setAll(names);
        }
        double[] x = new double[names.size()];
        double[] p50 = new double[names.size()];
        double[] below = new double[names.size()];
        double[] above = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            LoadSample.Percentiles p = s.experts().get(names.get(i));
            if (p != null && p.count() > 0) {
                p50[i] = p.p50();
                above[i] = Math.max(0, p.p99() - p.p50());
            }
        }
        expertLatency.set(x, p50, below, above);
    }

    private void updateShown() {
        List<DataSet> out = new ArrayList<>();
        List<FxDataSet[]> all = new ArrayList<>(latency.values());
        if (encoder != null) {
            all.add(encoder);
        }
        for (FxDataSet[] sets : all) {
            for (int i = 0; i < sets.length; i++) {
                if (shown[i].get()) {
                    out.add(sets[i]);
                }
            }
        }
        latencyShown.setAll(out);
    }

    private static void append(FxDataSet d, double x, double y) {
        if (Double.isFinite(y)) {
            d.add(x, y);
        }
    }

    /** Keeps the points of the history's time span. */
    private void trim(FxDataSet d) {
        if (history.isEmpty()) {
            return;
        }
        double first = history.peekFirst().sample().seconds();
        int n = d.getDataCount();
        int drop = 0;
        while (drop < n && d.get(DataSet.DIM_X, drop) < first) {
            drop++;
        }
        if (drop > 0) {
            d.remove(0, drop);
        }
    }

    /** Forgets the samples (a new run starts); the experts stay. */
    void clear() {
        history.clear();
        latency.clear();
        encoder = null;
        latencyShown.clear();
        for (FxDataSet d : new FxDataSet[] {throughput, degraded, target, rss, heap}) {
            d.clearData();
        }
        setExperts(List.copyOf(experts));
    }

    /** The samples kept, oldest first. */
    List<Row> history() {
        return List.copyOf(history);
    }
}
