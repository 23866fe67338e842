package io.nanogrid.engine.router;

import io.nanogrid.engine.data.DataSources;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.ExpertData;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.train.Provenance;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The router's data: every expert's training data, each text labelled with the expert's route,
 * plus the user's own labelled requests. Each expert's held-out data (its test file, or the split
 * recorded in its provenance) goes only to the router's test side, so the router and the grid are
 * tested on texts no model was trained on; no text is on both sides.
 *
 * @param train   router training examples (label = route)
 * @param test    held-out examples: request, route, and the expert's label (for joint accuracy)
 * @param sources per route, where its examples came from
 * @param notes   what the user should know (routes without data, texts left out)
 * @param options how the data was pooled (recorded in the router's provenance)
 * @param userTest the user's own held-out requests (a fifth of {@code extra}), also in {@code test}
 */
public record RouterPool(List<Example> train, List<Example> test, Map<String, String> sources, List<String> notes,
        RouterDataOptions options, List<Example> userTest) {

    public RouterPool(List<Example> train, List<Example> test, Map<String, String> sources, List<String> notes,
            RouterDataOptions options) {
        this(train, test, sources, notes, options, List.of());
    }

    /**
     * With {@code perRoute} 0 only the held-out side is built (to measure a grid, not to train).
     *
     * @param dataRoot the datasets folder that experts' recorded data paths are relative to
     * @param extra    the user's labelled requests (route column required), or null
     */
    public static RouterPool build(GridSpec grid, Path gridDir, Path dataRoot, Dataset extra,
            RouterDataOptions options) {
        if (grid.router() == null) {
            throw new BadInputException("the grid has no router (a grid of one expert needs none)");
        }
        List<String> routes = grid.router().routes();
        Random rnd = new Random(options.seed());
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        List<Example> userTest = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, List<Example>> extraTrain = new LinkedHashMap<>();
        Map<String, List<Example>> extraTest = new LinkedHashMap<>();
        if (extra != null) {
            splitExtra(extra, routes, options, extraTrain, extraTest);
        }
        for (String route : routes) {
            ExpertSpec expert = grid.expert(route).orElseThrow();
            List<Example>[] parts = expertData(expert, gridDir, dataRoot, sources, notes);
            List<Example> routeTrain = new ArrayList<>(relabel(kept(parts[0], route, options), route,
                    options.minWords()));
            List<Example> routeTest = new ArrayList<>(relabelKeepingLabel(kept(parts[1], route, options), route,
                    options.minWords()));
            Collections.shuffle(routeTrain, rnd);
            Collections.shuffle(routeTest, rnd);
            routeTrain = new ArrayList<>(routeTrain.subList(0, Math.min(options.perRoute(), routeTrain.size())));
            routeTest = new ArrayList<>(routeTest.subList(0, Math.min(options.testPerRoute(), routeTest.size())));
            routeTrain.addAll(extraTrain.getOrDefault(route, List.of()));
            routeTest.addAll(extraTest.getOrDefault(route, List.of()));
            userTest.addAll(extraTest.getOrDefault(route, List.of()));
            if (routeTrain.isEmpty() && options.perRoute() > 0) {
                throw new BadInputException("route '" + route + "' has no training data: "
                        + whyNoData(expert, gridDir, parts[0].size(), options) + ", and --data has no examples for "
                        + "it; add labelled requests (text, route) for it");
            }
            train.addAll(routeTrain);
            test.addAll(routeTest);
        }
        Set<String> testTexts = new HashSet<>();
        test.stream().filter(e -> e.request() instanceof TextRequest).forEach(e -> testTexts.add(text(e)));
        int before = train.size();
        train.removeIf(e -> e.request() instanceof TextRequest && testTexts.contains(text(e)));
        if (train.size() < before) {
            notes.add("left out " + (before - train.size()) + " training texts that also appear in the test data");
        }
        return new RouterPool(train, test, sources, notes, options, userTest);
    }

    private static String whyNoData(ExpertSpec expert, Path gridDir, int recorded, RouterDataOptions options) {
        Path model = gridDir.resolve(expert.model());
        if (!Files.isRegularFile(model)) {
            return "its expert's model file " + model + " is missing (restore it, or correct the expert's model "
                    + "path in the grid)";
        }
        if (recorded == 0) {
            return "its expert's model records none";
        }
        return "all " + recorded + " of its expert's training texts are left out by --exclude or by --min-words "
                + options.minWords();
    }

    /**
     * Checks --exclude values: each ROUTE:LABEL names a route of the grid and, when the route's expert
     * records its labels, one of them (the labels of the data the expert was trained on).
     */
    public static void checkExclude(GridSpec grid, Path gridDir, List<String> exclude) {
        List<String> routes = grid.router().routes();
        for (String x : exclude) {
            String route = x.substring(0, x.indexOf(':'));
            String label = x.substring(x.indexOf(':') + 1);
            if (!routes.contains(route)) {
                throw new BadInputException("--exclude: '" + x + "' names no route of the grid; expected ROUTE:LABEL "
                        + "with ROUTE one of " + routes);
            }
            List<String> labels = expertLabels(grid.expert(route).orElseThrow(), gridDir);
            if (labels != null && !labels.contains(label)) {
                throw new BadInputException("--exclude: '" + x + "' names no label of route '" + route
                        + "'; its expert's labels are " + labels);
            }
        }
    }

    /** The labels an expert's model records, or null when it records none (or cannot be read). */
    private static List<String> expertLabels(ExpertSpec expert, Path gridDir) {
        Path model = gridDir.resolve(expert.model());
        if (!Files.isRegularFile(model)) {
            return null;
        }
        try {
            String meta = OnnxModels.read(model).getMetadataPropsList().stream()
                    .filter(e -> e.getKey().equals(OutputDecoders.METADATA_KEY)).map(e -> e.getValue())
                    .findFirst().orElse(null);
            if (meta == null) {
                return null;
            }
            OutputSpec output = Json.parseSpec(meta, OutputSpec.class, OutputDecoders.METADATA_KEY);
            return output instanceof LabelsSpec l ? l.labels() : null;
        } catch (BadInputException unreadable) {
            return null;
        }
    }

    /**
     * The grid's evaluation stream: the experts' held-out examples, pooled as its router was trained
     * (the same requests `router test` scores), {@code perRoute} per route.
     */
    public static Dataset heldOut(GridSpec grid, Path gridDir, Path dataRoot, int perRoute) {
        RouterDataOptions recorded = recordedOptions(grid, gridDir);
        RouterDataOptions options = new RouterDataOptions(0, perRoute, recorded.minWords(), recorded.seed(),
                recorded.exclude());
        return new Dataset("the experts' held-out data", build(grid, gridDir, dataRoot, null, options).test(),
                List.of());
    }

    /**
     * The pooling options recorded in the provenance of a grid's current router (how it was trained),
     * or the defaults when it records none.
     */
    public static RouterDataOptions recordedOptions(GridSpec grid, Path gridDir) {
        if (grid.router() == null || grid.router().model() == null || grid.router().model().isBlank()) {
            return RouterDataOptions.defaults();
        }
        Path model = gridDir.resolve(grid.router().model());
        if (!Files.isRegularFile(model)) {
            return RouterDataOptions.defaults();
        }
        var metadata = new LinkedHashMap<String, String>();
        OnnxModels.read(model).getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        return Provenance.of(metadata).map(Provenance::extra).map(x -> x.get("data"))
                .map(d -> Json.compact().fromJson(Json.compact().toJsonTree(d), RouterDataOptions.class))
                .filter(o -> o.perRoute() >= RouterDataOptions.MIN_PER_ROUTE && o.minWords() >= 0)
                .orElse(RouterDataOptions.defaults());
    }

    /** [training part, held-out part] of an expert's recorded data; empty when it records none. */
    @SuppressWarnings("unchecked")
    private static List<Example>[] expertData(ExpertSpec expert, Path gridDir, Path dataRoot,
            Map<String, String> sources, List<String> notes) {
        if (expert.data() != null) {
            return gridData(expert, gridDir, sources);
        }
        Path model = gridDir.resolve(expert.model());
        if (!Files.isRegularFile(model)) {
            notes.add("expert '" + expert.id() + "': model file " + model + " not found; its route learns only from "
                    + "--data");
            sources.put(expert.id(), "--data only");
            return new List[] {List.of(), List.of()};
        }
        var metadata = new LinkedHashMap<String, String>();
        OnnxModels.read(model).getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        Provenance p = Provenance.of(metadata).orElse(null);
        if (p == null || p.data() == null || p.data().train() == null) {
            notes.add("expert '" + expert.id() + "' records no training data; its route learns only from --data");
            sources.put(expert.id(), "--data only");
            return new List[] {List.of(), List.of()};
        }
        Provenance.DataProvenance d = p.data();
        Dataset all = DataSources.read(d.train(), dataRoot, true, true);
        List<Example> trainPart;
        List<Example> heldOut;
        if (d.test() != null) {
            trainPart = all.examples();
            heldOut = DataSources.read(d.test(), dataRoot, true, true).examples();
        } else if (d.testSplit() != null && d.testSplit() > 0) {
            long seed = d.splitSeed() != null ? d.splitSeed() : 42;
            heldOut = TextTraining.heldOut(all.examples(), d.testSplit(), seed);
            Set<Example> held = Collections.newSetFromMap(new IdentityHashMap<>());
            held.addAll(heldOut);
            trainPart = all.examples().stream().filter(e -> !held.contains(e)).toList();
        } else {
            trainPart = all.examples();
            heldOut = List.of();
        }
        sources.put(expert.id(), d.train().path() + (d.test() != null ? " (held out: " + d.test().path() + ")"
                : d.testSplit() != null ? " (held out: " + d.testSplit() + " of it)" : ""));
        return new List[] {trainPart, heldOut};
    }

    /** The data the grid file records for an expert (paths relative to the grid's folder). */
    @SuppressWarnings("unchecked")
    private static List<Example>[] gridData(ExpertSpec expert, Path gridDir, Map<String, String> sources) {
        ExpertData d = expert.data();
        Dataset all = DataSources.read(d.train(), gridDir, true, true);
        List<Example> trainPart;
        List<Example> heldOut;
        if (d.test() != null) {
            trainPart = all.examples();
            heldOut = DataSources.read(d.test(), gridDir, true, true).examples();
        } else {
            heldOut = TextTraining.heldOut(all.examples(), d.testSplit(), 42);
            Set<Example> held = Collections.newSetFromMap(new IdentityHashMap<>());
            held.addAll(heldOut);
            trainPart = all.examples().stream().filter(e -> !held.contains(e)).toList();
        }
        sources.put(expert.id(), d.train().path() + (d.test() != null ? " (held out: " + d.test().path() + ")"
                : " (held out: " + d.testSplit() + " of it)"));
        return new List[] {trainPart, heldOut};
    }

    private static List<Example> kept(List<Example> examples, String route, RouterDataOptions o) {
        return o.exclude().isEmpty() ? examples : examples.stream().filter(e -> !o.excluded(route, e.label())).toList();
    }

    private static List<Example> relabel(List<Example> examples, String route, int minWords) {
        return examples.stream().filter(e -> enough(e, minWords))
                .map(e -> new Example(e.request(), route, route, e.line())).toList();
    }

    private static List<Example> relabelKeepingLabel(List<Example> examples, String route, int minWords) {
        return examples.stream().filter(e -> enough(e, minWords))
                .map(e -> new Example(e.request(), e.label(), route, e.line())).toList();
    }

    /** The user's requests (text, route[, label]): 80% train, 20% test per route, no text on both sides. */
    private static void splitExtra(Dataset extra, List<String> routes, RouterDataOptions o,
            Map<String, List<Example>> train, Map<String, List<Example>> test) {
        List<Example> withRoutes = new ArrayList<>();
        for (Example e : extra.examples()) {
            String route = e.route() != null ? e.route() : e.label();
            if (!routes.contains(route)) {
                throw new BadInputException(extra.source() + " line " + e.line() + ": route '" + route
                        + "' is not a route of the grid; expected one of " + routes);
            }
            withRoutes.add(new Example(e.request(), e.route() != null ? e.label() : route, route, e.line()));
        }
        List<List<Example>> parts = TextTraining.splitByLabel(withRoutes, 0.2, o.seed(), Example::route);
        for (Example e : parts.get(0)) {
            train.computeIfAbsent(e.route(), k -> new ArrayList<>()).add(new Example(e.request(), e.route(),
                    e.route(), e.line()));
        }
        for (Example e : parts.get(1)) {
            test.computeIfAbsent(e.route(), k -> new ArrayList<>()).add(e);
        }
    }

    /** A text needs {@code minWords} words to teach a route; images and tensors always do. */
    private static boolean enough(Example e, int minWords) {
        return !(e.request() instanceof TextRequest t) || words(t.text()) >= minWords;
    }

    static String text(Example e) {
        return ((TextRequest) e.request()).text();
    }

    static int words(String text) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < text.length(); i++) {
            boolean letter = Character.isLetterOrDigit(text.charAt(i));
            if (letter && !in) {
                n++;
            }
            in = letter;
        }
        return n;
    }
}
