package io.nanogrid.app.monitor;

import io.nanogrid.engine.load.LoadSample;
import io.nanogrid.engine.runtime.ErrorCode;
import io.nanogrid.files.AtomicFiles;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The monitor's series as one CSV table, a row per sample: time, rates, memory, totals, then each
 * route's window percentiles and each expert's, and the shared encoder's stage on a grid with one.
 * Empty cells where a series has no value (a route that answered nothing in the window). Written
 * atomically.
 */
final class MonitorCsv {
    private MonitorCsv() {
    }

    static void write(List<MonitorSeries.Row> rows, Path file) {
        Set<String> routes = new LinkedHashSet<>();
        Set<String> experts = new LinkedHashSet<>();
        Set<String> stages = new LinkedHashSet<>();
        rows.forEach(r -> {
            routes.addAll(r.sample().routes().keySet());
            experts.addAll(r.sample().experts().keySet());
            stages.addAll(r.sample().stages().keySet());
        });
        List<String> header = new ArrayList<>(List.of("time_s", "window_s", "target_rps", "throughput_rps",
                "degraded_rps", "rss_mb", "heap_mb", "requests", "errors", "degraded", "fallbacks", "failovers",
                "circuit_open", "timeouts"));
        for (String route : routes) {
            for (String p : MonitorSeries.PERCENTILES) {
                header.add("route_" + route + "_" + p + "_ms");
            }
            header.add("route_" + route + "_count");
        }
        for (String e : experts) {
            header.add("expert_" + e + "_p50_ms");
            header.add("expert_" + e + "_p99_ms");
        }
        for (String stage : stages) {
            for (String p : MonitorSeries.PERCENTILES) {
                header.add("stage_" + stage + "_" + p + "_ms");
            }
        }
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
                csv.printRecord(header);
                for (MonitorSeries.Row row : rows) {
                    csv.printRecord(record(row, routes, experts, stages));
                }
            }
        });
    }

    private static List<String> record(MonitorSeries.Row row, Set<String> routes, Set<String> experts,
            Set<String> stages) {
        LoadSample s = row.sample();
        LoadSample.Totals t = s.totals();
        List<String> v = new ArrayList<>(List.of(num(s.seconds()), num(s.windowSeconds()),
                row.targetRate() > 0 ? num(row.targetRate()) : "", num(s.throughput()), num(s.degradedPerSecond()),
                s.rssBytes() > 0 ? num(s.rssBytes() / 1048576.0) : "", num(s.heapUsedBytes() / 1048576.0),
                Long.toString(t.requests()), Long.toString(t.errors()), Long.toString(t.degraded()),
                Long.toString(t.fallbacks()), Long.toString(t.failovers()),
                Long.toString(t.count(ErrorCode.CIRCUIT_OPEN)), Long.toString(t.count(ErrorCode.TIMEOUT))));
        for (String route : routes) {
            LoadSample.Percentiles p = s.routes().get(route);
            v.add(p != null ? num(p.p50()) : "");
            v.add(p != null ? num(p.p95()) : "");
            v.add(p != null ? num(p.p99()) : "");
            v.add(p != null ? Long.toString(p.count()) : "");
        }
        for (String e : experts) {
            LoadSample.Percentiles p = s.experts().get(e);
            v.add(p != null ? num(p.p50()) : "");
            v.add(p != null ? num(p.p99()) : "");
        }
        for (String stage : stages) {
            LoadSample.Percentiles p = s.stages().get(stage);
            v.add(p != null ? num(p.p50()) : "");
            v.add(p != null ? num(p.p95()) : "");
            v.add(p != null ? num(p.p99()) : "");
        }
        return v;
    }

    private static String num(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.4f", x) : "";
    }
}
