package io.nanogrid.app.canvas;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.document.GridPaths;
import io.nanogrid.app.models.GridSession;
import io.nanogrid.app.models.ModelCatalog;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The state and the edits of the grid designer: nodes and edges to draw (derived from the grid,
 * the models' inspections and the running grid's health), the selection, and every edit as an
 * undoable document step. Edits that cannot work are refused with the reason in {@link #notice()}.
 */
public final class DesignerViewModel {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private final GridDocument doc;
    private final ModelCatalog catalog;
    private final GridSession session;
    private final ObservableList<NodeModel> nodes = FXCollections.observableArrayList();
    private final ObservableList<EdgeModel> edges = FXCollections.observableArrayList();
    private final ObservableSet<String> selection = FXCollections.observableSet();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper();
    private final ObservableList<String> lacks = FXCollections.observableArrayList();
    /** Imports waiting for their models' inspections, in the order they were asked for. */
    private final List<PendingImport> pendingImports = new ArrayList<>();

    public DesignerViewModel(GridDocument doc, ModelCatalog catalog, GridSession session) {
        this.doc = doc;
        this.catalog = catalog;
        this.session = session;
        doc.specProperty().addListener((o, a, b) -> changed());
        catalog.reports().addListener((MapChangeListener<Path, ModelReport>) c -> {
            importWaiting();
            refresh();
        });
        catalog.problems().addListener((MapChangeListener<Path, String>) c -> {
            importWaiting();
            refresh();
        });
        session.status().addListener((MapChangeListener<String, ExpertStatus>) c -> refresh());
        session.p50().addListener((MapChangeListener<String, Double>) c -> refresh());
        changed();
    }

    public GridDocument document() {
        return doc;
    }

    public ObservableList<NodeModel> nodes() {
        return nodes;
    }

    public ObservableList<EdgeModel> edges() {
        return edges;
    }

    public ObservableSet<String> selection() {
        return selection;
    }

    /** The last refusal or hint, for the notification bar. */
    public ReadOnlyStringProperty notice() {
        return notice.getReadOnlyProperty();
    }

    /**
     * What the grid lacks to answer requests or to route to every expert, one line each ("no router yet: New
     * router..."); empty for a grid that is whole. A grid in progress is saved and reopened as it is: this says
     * what is left to do.
     */
    public ObservableList<String> lacks() {
        return lacks;
    }

    /** What a grid lacks (see {@link #lacks()}). */
    public static List<String> lacks(GridSpec s) {
        List<String> out = new ArrayList<>();
        if (s.experts().isEmpty()) {
            out.add("no expert yet: Import ONNX model...");
            return out;
        }
        RouterSpec r = s.router();
        if (r == null) {
            if (s.experts().size() > 1) {
                out.add("no router yet: New router... trains one over the " + s.experts().size()
                        + " experts from their labelled data");
            }
            return out;
        }
        if (blank(r.model())) {
            out.add("the router has no model yet: New router... trains one");
        }
        List<String> unconnected = s.experts().stream().map(ExpertSpec::id).filter(id -> !r.routes().contains(id))
                .toList();
        if (!unconnected.isEmpty()) {
            out.add("not connected: " + String.join(", ", unconnected) + " (connect, or New router... over every "
                    + "expert)");
        }
        return out;
    }

    public void clearNotice() {
        notice.set(null);
    }

    private void changed() {
        GridSpec s = doc.spec();
        for (ExpertSpec e : s.experts()) {
            catalog.request(modelPath(e.model()));
        }
        if (s.router() != null && s.router().model() != null && !s.router().model().isBlank()) {
            catalog.request(modelPath(s.router().model()));
        }
        if (s.encoder() != null && !blank(s.encoder().model())) {
            catalog.request(modelPath(s.encoder().model()));
        }
        selection.removeIf(id -> !exists(id));
        session.update(s, doc.baseDir());
        refresh();
    }

    public Path modelPath(String model) {
        return doc.baseDir().resolve(model).toAbsolutePath().normalize();
    }

    /** Rebuilds the node and edge lists from the grid and what is known about its models. */
    public void refresh() {
        GridSpec s = doc.spec();
        List<NodeModel> out = new ArrayList<>();
        Map<String, NodePosition> pos = CanvasLayout.positions(s);
        RouterSpec r = s.router();
        if (s.encoder() != null) {
            ModelReport rep = blank(s.encoder().model()) ? null : catalog.report(modelPath(s.encoder().model()));
            out.add(node(GridSpec.ENCODER_NODE, NodeModel.Kind.ENCODER, pos, "encoder", s.encoder().model(),
                    EncoderNodes.badges(s.encoder(), rep), health(s.encoder().model(), null), false));
        }
        if (r != null) {
            ModelReport rep = blank(r.model()) ? null : catalog.report(modelPath(r.model()));
            String detail = blank(r.model()) ? "no model yet" : r.model();
            List<String> badges = new ArrayList<>(Badges.of(rep, null));
            badges.add(0, String.format(Locale.ROOT, "threshold %.2f", r.threshold()));
            out.add(node(GridSpec.ROUTER_NODE, NodeModel.Kind.ROUTER, pos, "router", detail, badges,
                    blank(r.model()) ? "missing" : health(r.model(), null), false));
        }
        for (ExpertSpec e : s.experts()) {
            ModelReport rep = catalog.report(modelPath(e.model()));
            boolean routed = r != null && r.routes().contains(e.id());
            out.add(node(e.id(), NodeModel.Kind.EXPERT, pos, e.id(), e.model(),
                    Badges.of(rep, session.p50().get(e.id())), health(e.model(), e.id()), routed));
        }
        if (r != null && r.fallback() == null) {
            out.add(node(GridSpec.FALLBACK_NODE, NodeModel.Kind.FALLBACK, pos, "fallback", "answers \"not sure\"",
                    List.of(), "ok", false));
        }
        List<EdgeModel> lines = new ArrayList<>();
        if (s.encoder() != null) {
            lines.addAll(EncoderNodes.edges(s, this::reportOf));
        }
        if (r != null) {
            for (String route : r.routes()) {
                lines.add(new EdgeModel(GridSpec.ROUTER_NODE, route, route, EdgeModel.Kind.ROUTE));
            }
            String fb = r.fallback() != null ? r.fallback() : GridSpec.FALLBACK_NODE;
            lines.add(new EdgeModel(GridSpec.ROUTER_NODE, fb, String.format(Locale.ROOT, "< %.2f",
                    r.threshold()), EdgeModel.Kind.FALLBACK));
        }
        nodes.setAll(out);
        edges.setAll(lines);
        List<String> now = lacks(s);
        if (!now.equals(lacks)) {
            lacks.setAll(now);
        }
    }

    /** The inspection of a model of the grid (a path relative to it), or null before it is in. */
    public ModelReport reportOf(String model) {
        return blank(model) ? null : catalog.report(modelPath(model));
    }

    private NodeModel node(String id, NodeModel.Kind kind, Map<String, NodePosition> pos, String title, String detail,
            List<String> badges, String health, boolean routed) {
        NodePosition p = pos.get(id);
        return new NodeModel(id, kind, p.x(), p.y(), title, detail, badges, health, routed);
    }

    private String health(String model, String expertId) {
        if (blank(model)) {
            return "missing";
        }
        if (expertId != null && session.status().containsKey(expertId)) {
            return session.status().get(expertId).state();
        }
        Path p = modelPath(model);
        if (catalog.problem(p) != null) {
            return catalog.problem(p).contains("not found") ? "missing" : "invalid";
        }
        return catalog.report(p) != null ? "ok" : "unknown";
    }

    private boolean exists(String id) {
        return CanvasLayout.exists(doc.spec(), id);
    }

    // ---- selection

    public void select(String id, boolean add) {
        if (!add) {
            selection.clear();
        }
        if (add && selection.contains(id)) {
            selection.remove(id);
        } else {
            selection.add(id);
        }
    }

    public void selectOnly(Set<String> ids) {
        selection.clear();
        selection.addAll(ids);
    }

    public void selectAll() {
        nodes.forEach(n -> selection.add(n.id()));
    }

    public Optional<String> single() {
        return selection.size() == 1 ? Optional.of(selection.iterator().next()) : Optional.empty();
    }

    // ---- edits

    /** Moves nodes to new positions (one undo step). */
    public void moveTo(Map<String, NodePosition> moved) {
        doc.apply("Move", s -> {
            Map<String, NodePosition> layout = new LinkedHashMap<>(CanvasLayout.positions(s));
            layout.putAll(moved);
            layout.keySet().removeIf(id -> !CanvasLayout.exists(s, id));
            return s.withLayout(layout);
        });
    }

    public void autoLayout() {
        doc.apply("Auto-layout", s -> s.withLayout(CanvasLayout.auto(s)));
    }

    /** Deletes the selected experts (and their routes), or the router; the encoder stays (its heads need it). */
    public void deleteSelected() {
        Set<String> ids = selection.stream().filter(id -> !id.equals(GridSpec.ENCODER_NODE))
                .collect(Collectors.toUnmodifiableSet());
        if (ids.isEmpty()) {
            if (selection.contains(GridSpec.ENCODER_NODE)) {
                notice.set("the encoder stays: the router and the heads on it take its embedding");
            }
            return;
        }
        doc.apply(ids.size() == 1 ? "Delete " + ids.iterator().next() : "Delete " + ids.size() + " nodes", s -> {
            GridSpec out = s.withExperts(s.experts().stream().filter(e -> !ids.contains(e.id())).toList());
            RouterSpec r = s.router();
            if (r != null && ids.contains(GridSpec.ROUTER_NODE)) {
                out = out.withRouter(null);
            } else if (r != null) {
                RouterSpec nr = new RouterSpec(r.model(), r.input(), r.routes().stream().filter(x -> !ids.contains(x))
                        .toList(), r.scores(), r.modelOutput(), r.threshold(),
                        r.fallback() != null && ids.contains(r.fallback()) ? null : r.fallback());
                out = out.withRouter(nr);
            }
            Map<String, NodePosition> layout = new LinkedHashMap<>(out.layout());
            layout.keySet().removeAll(ids);
            return out.withLayout(layout);
        });
        selection.clear();
    }

    /** Adds a router (the grid has none yet) with the given model file, at a position. */
    public void addRouter(Path model, double x, double y) {
        if (doc.spec().router() != null) {
            notice.set("this grid already has a router; select it to change its model");
            return;
        }
        String path = model != null ? GridPaths.relative(doc.baseDir(), model) : "";
        doc.apply("Add router", s -> placed(s.withRouter(new RouterSpec(path, null, List.of(), null, null, 0.5, null)),
                GridSpec.ROUTER_NODE, x, y));
        if (model != null) {
            catalog.request(model);
        }
    }

    /**
     * Adds a dropped or imported .onnx file as a new expert. The model is inspected first (in the
     * background); its input adapter is taken from its metadata or guessed from its inputs, and
     * written into the grid so that it can be edited.
     */
    public void importModel(Path model, double x, double y) {
        Path abs = model.toAbsolutePath().normalize();
        catalog.request(abs);
        if (!pendingImports.isEmpty() || catalog.report(abs) == null && catalog.problem(abs) == null) {
            // not inspected yet (or an earlier import is not): added in the order chosen, as inspections come in
            pendingImports.add(new PendingImport(abs, x, y));
            return;
        }
        importInspected(abs, x, y);
    }

    private record PendingImport(Path model, double x, double y) {
    }

    /** Adds the waiting imports whose inspections are in, from the first, in the order they were asked for. */
    private void importWaiting() {
        while (!pendingImports.isEmpty()) {
            PendingImport next = pendingImports.get(0);
            if (catalog.report(next.model()) == null && catalog.problem(next.model()) == null) {
                return;
            }
            pendingImports.remove(0);
            importInspected(next.model(), next.x(), next.y());
        }
    }

    private void importInspected(Path abs, double x, double y) {
        ModelReport rep = catalog.report(abs);
        if (rep == null) {
            notice.set("cannot use " + abs.getFileName() + ": " + catalog.problem(abs));
            return;
        }
        if (rep.loadError() != null) {
            notice.set("cannot use " + abs.getFileName() + ": " + rep.loadError());
            return;
        }
        String id = uniqueId(abs.getFileName().toString().replaceFirst("\\.onnx$", ""));
        InputSpec input = rep.metadata().containsKey(InputAdapters.METADATA_KEY) ? null
                : InputAdapters.guess(ModelCatalog.signature(rep));
        String path = GridPaths.relative(doc.baseDir(), abs);
        doc.apply("Import " + abs.getFileName(), s -> {
            List<ExpertSpec> experts = new ArrayList<>(s.experts());
            experts.add(new ExpertSpec(id, path, input, null, null));
            return placed(s.withExperts(experts), id, x, y);
        });
        selectOnly(Set.of(id));
        notice.set("added expert '" + id + "' (" + describeInput(rep, input) + "); connect it to the router to route "
                + "requests to it");
    }

    private static String describeInput(ModelReport rep, InputSpec guessed) {
        String in = rep.inputs().isEmpty() ? "no inputs" : rep.inputs().get(0).name() + " "
                + rep.inputs().get(0).describe();
        return guessed == null ? in + ", adapter from its metadata" : in + ", adapter guessed: " + guessed.kind();
    }

    private static GridSpec placed(GridSpec s, String id, double x, double y) {
        Map<String, NodePosition> layout = new LinkedHashMap<>(s.layout());
        layout.put(id, CanvasLayout.free(s, id, x, y)); // never on top of another node
        return s.withLayout(layout);
    }

    private String uniqueId(String base) {
        String clean = base.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (clean.isEmpty() || !Character.isLetterOrDigit(clean.charAt(0))) {
            clean = "expert" + clean;
        }
        if (clean.equals(GridSpec.ROUTER_NODE) || clean.equals(GridSpec.FALLBACK_NODE)
                || clean.equals(GridSpec.ENCODER_NODE)) {
            clean = clean + "_expert";
        }
        String id = clean;
        for (int i = 2; doc.spec().expert(id).isPresent(); i++) {
            id = clean + "_" + i;
        }
        return id;
    }

    /**
     * Routes requests to an expert. Refused, with the reason, when it cannot work: no router, a
     * router model trained for other routes, or an expert that takes another kind of request.
     */
    public Optional<String> connect(String expertId) {
        Optional<String> why = whyNotConnect(expertId);
        if (why.isPresent()) {
            notice.set(why.get());
            return why;
        }
        doc.apply("Connect " + expertId, s -> {
            List<String> routes = new ArrayList<>(s.router().routes());
            routes.add(expertId);
            return s.withRouter(withRoutes(s.router(), routes));
        });
        return Optional.empty();
    }

    /** Why routing to this expert cannot work, if it cannot. */
    public Optional<String> whyNotConnect(String expertId) {
        GridSpec s = doc.spec();
        RouterSpec r = s.router();
        if (r == null) {
            return Optional.of("add a router first: there is nothing to route from");
        }
        if (s.expert(expertId).isEmpty()) {
            return Optional.of("'" + expertId + "' is not an expert");
        }
        if (r.routes().contains(expertId)) {
            return Optional.of("'" + expertId + "' is already a route");
        }
        ModelReport router = blank(r.model()) ? null : catalog.report(modelPath(r.model()));
        ModelReport expert = catalog.report(modelPath(s.expert(expertId).get().model()));
        if (router != null) {
            List<String> trained = OutputDecoders.labels(null, ModelCatalog.signature(router));
            if (trained != null && !trained.contains(expertId)) {
                return Optional.of("the router model was trained for routes " + trained + "; it has no route '"
                        + expertId + "' (retrain it with nanogrid router train, or rename the expert)");
            }
        }
        if (router != null && expert != null) {
            String rk = kind(r.input(), router);
            String ek = kind(s.expert(expertId).get().input(), expert);
            if (!rk.equals(ek)) {
                return Optional.of("'" + expertId + "' takes " + ek + " requests but the router takes " + rk
                        + ": they cannot see the same requests");
            }
        }
        return Optional.empty();
    }

    private static String kind(InputSpec given, ModelReport rep) {
        InputSpec spec = InputAdapters.resolve(given, ModelCatalog.signature(rep), "model");
        return spec.kind().equals("text-hashed-ngrams") ? "text" : spec.kind();
    }

    public void disconnect(String expertId) {
        RouterSpec r = doc.spec().router();
        if (r == null || !r.routes().contains(expertId)) {
            return;
        }
        doc.apply("Disconnect " + expertId, s -> s.withRouter(withRoutes(s.router(),
                s.router().routes().stream().filter(x -> !x.equals(expertId)).toList())));
    }

    /** The expert that answers below the threshold, or null for "not sure". */
    public void setFallback(String expertId) {
        if (doc.spec().router() == null) {
            notice.set("add a router first");
            return;
        }
        doc.apply(expertId == null ? "Fallback: not sure" : "Fallback: " + expertId,
                s -> s.withRouter(s.router().withFallback(expertId)));
    }

    public void setThreshold(double t) {
        if (doc.spec().router() == null || t < 0 || t > 1) {
            notice.set("the threshold is between 0 and 1");
            return;
        }
        doc.apply("Threshold", s -> s.withRouter(s.router().withThreshold(t)));
    }

    public void setModel(String nodeId, Path model) {
        String path = GridPaths.relative(doc.baseDir(), model);
        catalog.forget(model);
        catalog.request(model);
        if (nodeId.equals(GridSpec.ROUTER_NODE)) {
            doc.apply("Router model", s -> s.withRouter(s.router().withModel(path)));
        } else {
            doc.apply("Model of " + nodeId, s -> s.withExperts(s.experts().stream()
                    .map(e -> e.id().equals(nodeId) ? e.withModel(path) : e).toList()));
        }
    }

    /**
     * Sets the input adapter of the router or an expert from its JSON (blank: none in the grid, the model's
     * metadata or a guess decides). Checked against the model first; refused with the field's error (shown
     * as a notice), nothing applied. Undoable.
     */
    public Optional<String> setInputAdapter(String nodeId, String json) {
        try {
            InputSpec spec = AdapterChecks.input(json, signature(nodeId), doc.baseDir());
            if (nodeId.equals(GridSpec.ROUTER_NODE) && doc.spec().router() != null) {
                doc.apply("Input adapter of the router", s -> s.withRouter(s.router().withInput(spec)));
            } else if (doc.spec().expert(nodeId).isPresent()) {
                doc.apply("Input adapter of " + nodeId, s -> s.withExperts(s.experts().stream()
                        .map(e -> e.id().equals(nodeId) ? e.withInput(spec) : e).toList()));
            }
            return Optional.empty();
        } catch (BadInputException e) {
            notice.set(e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Sets an expert's class labels from "a, b, c": one per column of the model's label output. Refused
     * with the field's error when they do not fit (shown as a notice), nothing applied. Undoable.
     */
    public Optional<String> setOutputLabels(String expertId, String text) {
        Optional<ExpertSpec> e = doc.spec().expert(expertId);
        ModelSignature sig = signature(expertId);
        String why = e.isEmpty() ? "'" + expertId + "' is not an expert" : sig == null
                ? "output labels: the model is not inspected yet (or cannot be read)" : null;
        if (why != null) {
            notice.set(why);
            return Optional.of(why);
        }
        try {
            LabelsSpec labels = AdapterChecks.labels(text, e.get().output(), sig);
            doc.apply("Output labels of " + expertId, s -> s.withExperts(s.experts().stream()
                    .map(x -> x.id().equals(expertId) ? x.withOutput(labels) : x).toList()));
            return Optional.empty();
        } catch (BadInputException ex) {
            notice.set(ex.getMessage());
            return Optional.of(ex.getMessage());
        }
    }

    /** The signature of a node's model, once inspected; null before (or when it cannot be read). */
    private ModelSignature signature(String nodeId) {
        GridSpec s = doc.spec();
        String model = nodeId.equals(GridSpec.ROUTER_NODE) ? (s.router() != null ? s.router().model() : null)
                : s.expert(nodeId).map(ExpertSpec::model).orElse(null);
        ModelReport r = blank(model) ? null : catalog.report(modelPath(model));
        return r == null ? null : ModelCatalog.signature(r);
    }

    /** Renames an expert everywhere it appears (routes, fallback, layout). */
    public Optional<String> rename(String id, String newId) {
        if (id.equals(newId)) {
            return Optional.empty();
        }
        String why = !ID.matcher(newId).matches() ? "an id is letters, digits, '_', '.' or '-' (1-64 characters)"
                : newId.equals(GridSpec.ROUTER_NODE) || newId.equals(GridSpec.FALLBACK_NODE)
                        || newId.equals(GridSpec.ENCODER_NODE) ? "'" + newId
                        + "' is reserved" : doc.spec().expert(newId).isPresent() ? "'" + newId + "' is taken" : null;
        if (why != null) {
            notice.set(why);
            return Optional.of(why);
        }
        doc.apply("Rename " + id, s -> {
            GridSpec out = s.withExperts(s.experts().stream().map(e -> e.id().equals(id)
                    ? e.withId(newId) : e).toList());
            RouterSpec r = s.router();
            if (r != null) {
                out = out.withRouter(new RouterSpec(r.model(), r.input(), r.routes().stream()
                        .map(x -> x.equals(id) ? newId : x).toList(), r.scores(), r.modelOutput(), r.threshold(),
                        id.equals(r.fallback()) ? newId : r.fallback()));
            }
            Map<String, NodePosition> layout = new LinkedHashMap<>();
            s.layout().forEach((k, v) -> layout.put(k.equals(id) ? newId : k, v));
            return out.withLayout(layout);
        });
        selection.remove(id);
        selection.add(newId);
        return Optional.empty();
    }

    public void rename(String name) {
        doc.apply("Rename grid", s -> new GridSpec(s.formatVersion(), name, s.description(), s.router(),
                s.experts(), s.resilience(), s.layout(), s.encoder()));
    }

    private static RouterSpec withRoutes(RouterSpec r, List<String> routes) {
        return new RouterSpec(r.model(), r.input(), routes, r.scores(), r.modelOutput(), r.threshold(), r.fallback());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
