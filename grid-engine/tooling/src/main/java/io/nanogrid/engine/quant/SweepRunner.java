package io.nanogrid.engine.quant;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Quantizes every model of a grid (or a single model) in every variant and measures each: file
 * bytes, resident bytes, median latency, accuracy on the examples of its route, and agreement with
 * the float model (top-1 and KL divergence, which need no labels). For a grid it also runs the whole
 * grid in each variant (router float) for its bytes against its joint accuracy.
 */
public final class SweepRunner {
    /**
     * @param threads         examples evaluated at once
     * @param latencyRequests timed requests per latency figure
     * @param latencyWarmup   untimed requests first
     * @param measureResident measure resident memory (the slow part)
     * @param modelsDir       where the quantized models are written; null for a temporary folder deleted after
     */
    public record Settings(int threads, int latencyRequests, int latencyWarmup, boolean measureResident,
            Path modelsDir) {
        public static Settings defaults() {
            return new Settings(Runtime.getRuntime().availableProcessors(), 1000, 200, true, null);
        }
    }

    /** A sweep's report, and where each expert's variant model lies (valid until the folder is deleted). */
    public record Result(SweepReport report, Map<String, Map<String, Path>> files) {
    }

    private final ModelLoader loader;
    private final ModelQuantizer quantizer;
    private final Settings settings;

    public SweepRunner(ModelLoader loader, ModelQuantizer quantizer, Settings settings) {
        this.loader = loader;
        this.quantizer = quantizer;
        this.settings = settings;
    }

    /** Runs the sweep; the quantized models are deleted afterwards unless a models folder was given. */
    public SweepReport run(GridSpec spec, Path baseDir, String target, Dataset data, List<Variant> variants,
            Progress progress) {
        Path dir = workDir();
        try {
            return run(spec, baseDir, target, data, variants, dir, progress).report();
        } finally {
            if (settings.modelsDir() == null) {
                deleteTree(dir);
            }
        }
    }

    /** Runs the sweep writing the quantized models into {@code dir} (left in place). */
    public Result run(GridSpec spec, Path baseDir, String target, Dataset data, List<Variant> given, Path dir,
            Progress progress) {
        List<Variant> variants = new ArrayList<>(given);
        variants.remove(Variant.FLOAT);
        variants.add(0, Variant.FLOAT);
        List<Example> examples = data.examples();
        boolean labelled = examples.stream().allMatch(e -> e.label() != null);
        boolean routed = examples.stream().anyMatch(e -> e.route() != null);
        Answers floatGrid;
        progress.update(0, -1, "running the float " + (spec.router() != null ? "grid" : "model"));
        try (Grid grid = Grid.open(spec, baseDir, loader)) {
            floatGrid = Answers.collect(grid, examples, settings.threads(), progress);
        }
        SweepReport.Cost router = null;
        if (spec.router() != null) {
            Path r = baseDir.resolve(spec.router().model());
            router = new SweepReport.Cost(ResidentMeter.fileBytes(r), resident(r, progress));
        }
        List<SweepReport.ModelRow> rows = new ArrayList<>();
        Map<String, Map<String, Path>> files = new LinkedHashMap<>();
        for (ExpertSpec e : spec.experts()) {
            List<Integer> own = new ArrayList<>();
            List<Integer> sent = new ArrayList<>();
            List<Integer> subset = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                String expected = examples.get(i).route();
                boolean answered = e.id().equals(floatGrid.routes()[i]);
                boolean mine = spec.router() == null || (routed ? e.id().equals(expected) : answered);
                boolean sentHere = spec.router() == null || answered;
                if (mine) {
                    own.add(i);
                }
                if (sentHere) {
                    sent.add(i);
                }
                if (mine || sentHere) {
                    subset.add(i);
                }
            }
            Map<String, Path> byVariant = new LinkedHashMap<>();
            files.put(e.id(), byVariant);
            Answers floatExpert = null;
            for (Variant v : variants) {
                progress.checkCancelled();
                progress.update(0, -1, "expert " + e.id() + ": " + v.name());
                Path source = baseDir.resolve(e.model());
                Path file = source;
                int quantized = 0;
                if (!v.isFloat()) {
                    Path out = dir.resolve(e.id() + "." + v.name() + ".onnx");
                    QuantizeService.Outcome o = new QuantizeService(loader, quantizer).quantize(source, out,
                            v.options(), false, false, Progress.NONE);
                    quantized = o.report().tensors().size();
                    file = quantized > 0 ? out : source;
                }
                byVariant.put(v.name(), file);
                GridSpec one = new GridSpec(GridSpec.FORMAT_VERSION, e.id(), null, null,
                        List.of(e.withModel(file.toAbsolutePath().toString())), spec.resilience(), null);
                Answers a;
                double p50;
                try (Grid g = Grid.open(one, baseDir, loader)) {
                    a = subsetAnswers(g, examples, subset, progress);
                    p50 = Latency.p50Micros(g, requests(examples, subset), settings.latencyWarmup(),
                            settings.latencyRequests());
                }
                if (v.isFloat()) {
                    floatExpert = a;
                }
                Answers.Agreement agree = a.agreementWith(floatExpert, own);
                Long joint = labelled ? sent.stream().filter(i -> a.correct(examples.get(i), i)
                        && (examples.get(i).route() == null || examples.get(i).route().equals(floatGrid.routes()[i])))
                        .count() : null;
                var s = v.isFloat() ? null : v.options().spec();
                rows.add(new SweepReport.ModelRow(e.id(), v.name(), s == null ? null : s.bits(),
                        s == null ? null : s.block(), s == null ? null : s.method().wireName(),
                        s == null ? null : s.symmetric(), quantized, ResidentMeter.fileBytes(file),
                        resident(file, progress), round(p50), own.size(), a.accuracy(examples, own), agree.top1(),
                        agree.meanKl(), joint));
            }
        }
        List<SweepReport.GridRow> gridRows = spec.router() == null ? List.of()
                : gridRows(spec, baseDir, examples, variants, files, rows, router, floatGrid, progress);
        return new Result(new SweepReport(target, data.source(), examples.size(), labelled, routed, router, rows,
                gridRows), files);
    }

    private List<SweepReport.GridRow> gridRows(GridSpec spec, Path baseDir, List<Example> examples,
            List<Variant> variants, Map<String, Map<String, Path>> files, List<SweepReport.ModelRow> rows,
            SweepReport.Cost router, Answers floatGrid, Progress progress) {
        List<SweepReport.GridRow> out = new ArrayList<>();
        List<Integer> all = IntStream.range(0, examples.size()).boxed().toList();
        for (Variant v : variants) {
            progress.update(0, -1, "grid: " + v.name());
            GridSpec s = withModels(spec, baseDir, e -> files.get(e).get(v.name()));
            Answers a;
            double p50;
            try (Grid g = Grid.open(s, baseDir, loader)) {
                a = Answers.collect(g, examples, settings.threads(), progress);
                p50 = Latency.p50Micros(g, requests(examples, all), settings.latencyWarmup(), settings.latencyRequests());
            }
            long fileBytes = router.fileBytes();
            long resident = router.residentBytes();
            for (SweepReport.ModelRow r : rows) {
                if (r.variant().equals(v.name())) {
                    fileBytes += r.fileBytes();
                    // -1 (not measured) in any part leaves the whole grid's resident bytes unknown too
                    resident = resident < 0 || r.residentBytes() < 0 ? -1 : resident + r.residentBytes();
                }
            }
            Answers.Agreement agree = a.agreementWith(floatGrid, all);
            out.add(new SweepReport.GridRow(v.name(), fileBytes, resident, round(p50), a.accuracy(examples, all),
                    agree.top1(), agree.meanKl()));
        }
        return out;
    }

    /** The grid with each expert's model replaced, every path made absolute (the router's too). */
    static GridSpec withModels(GridSpec spec, Path baseDir, Function<String, Path> model) {
        List<ExpertSpec> experts = spec.experts().stream()
                .map(e -> e.withModel(model.apply(e.id()).toAbsolutePath().toString())).toList();
        GridSpec s = spec.withExperts(experts);
        return spec.router() == null ? s
                : s.withRouter(spec.router().withModel(baseDir.resolve(spec.router().model()).toAbsolutePath().toString()));
    }

    private Answers subsetAnswers(Grid g, List<Example> examples, List<Integer> subset, Progress progress) {
        List<Example> sub = subset.stream().map(examples::get).toList();
        Answers part = Answers.collect(g, sub, settings.threads(), progress);
        int n = examples.size();
        String[] routes = new String[n];
        String[] labels = new String[n];
        List<Map<String, Double>> probs = new ArrayList<>(Collections.nCopies(n, null));
        for (int k = 0; k < subset.size(); k++) {
            int i = subset.get(k);
            routes[i] = part.routes()[k];
            labels[i] = part.labels()[k];
            probs.set(i, part.probabilities().get(k));
        }
        return new Answers(routes, labels, probs);
    }

    static List<Request> requests(List<Example> examples, List<Integer> subset) {
        return subset.stream().limit(256).map(i -> examples.get(i).request()).toList();
    }

    private long resident(Path model, Progress progress) {
        return settings.measureResident() ? new ResidentMeter(loader).measure(model, progress) : -1;
    }

    private Path workDir() {
        try {
            if (settings.modelsDir() != null) {
                return Files.createDirectories(settings.modelsDir());
            }
            return Files.createTempDirectory("nanogrid-sweep-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the quantized models: " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // nothing to delete
        }
    }

    private static double round(double micros) {
        return Math.round(micros * 10) / 10.0;
    }
}
