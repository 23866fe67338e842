package io.nanogrid.app.routerlab;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.router.RouterMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The user's own requests in the router lab: loaded from a file, each shown with where the grid's current
 * router sends it, labelled with its right route in one click, and the labelled ones kept beside the grid
 * ({@value RequestFiles#FILE_NAME}, written atomically in the background, read again when the grid is
 * opened). A label may name any route of the grid, or an expert the router does not route to yet: retraining
 * then adds that route. FX thread.
 */
public final class UserRequestsModel {
    /** Serializes the background writes of the labels file: the last labels asked for are the ones on disk. */
    private static final Object SAVING = new Object();

    private final Supplier<GridDocument> document;
    private final ModelLoader loader;
    private final TaskRunner tasks;
    private final ObservableList<UserRequest> items = FXCollections.observableArrayList();
    private final ObservableList<String> routeChoices = FXCollections.observableArrayList();
    private final ObservableList<String> routerRoutes = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper labelledCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final AtomicReference<List<UserRequest>> toSave = new AtomicReference<>();
    private final ChangeListener<GridSpec> specChanged = (o, before, after) -> specChanged(before, after);
    private GridDocument watched;
    private long generation;

    UserRequestsModel(Supplier<GridDocument> document, ModelLoader loader, TaskRunner tasks) {
        this.document = document;
        this.loader = loader;
        this.tasks = tasks;
        items.addListener((ListChangeListener<UserRequest>) c -> labelledCount.set((int) items.stream()
                .filter(UserRequest::labelled).count()));
    }

    /** The requests, in the order they were loaded. */
    public ObservableList<UserRequest> items() {
        return items;
    }

    /** The routes a label may name: the router's routes, then the grid's other experts (new routes). */
    public ObservableList<String> routeChoices() {
        return routeChoices;
    }

    /** The routes the grid's router has now (a label naming another of {@link #routeChoices} adds a route). */
    public ObservableList<String> routerRoutes() {
        return routerRoutes;
    }

    public ReadOnlyIntegerProperty labelledCount() {
        return labelledCount.getReadOnlyProperty();
    }

    /** What happened last (loaded, saved, a problem). */
    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    /** The labelled requests whose route the grid still has. */
    public List<UserRequest> labelled() {
        return items.stream().filter(r -> r.labelled() && routeChoices.contains(r.route())).toList();
    }

    /** Where the labels are kept: beside the grid file, or null for a grid not saved yet. */
    public Path file() {
        GridDocument doc = document.get();
        return doc.file() == null ? null : doc.baseDir().resolve(RequestFiles.FILE_NAME);
    }

    /** Another grid was opened: forget the requests, read its labelled ones (if it has any) and route them. */
    void gridOpened() {
        if (watched != null) {
            watched.specProperty().removeListener(specChanged);
        }
        watched = document.get();
        watched.specProperty().addListener(specChanged);
        generation++;
        items.clear();
        status.set("");
        updateChoices(watched.spec());
        Path file = file();
        if (file == null) {
            return;
        }
        GridDocument opened = watched;
        tasks.run("Reading your labelled requests", p -> Files.isRegularFile(file) ? RequestFiles.read(file, null)
                : List.<UserRequest>of(), list -> {
                    if (document.get() != opened) {
                        return;
                    }
                    // requests the user loaded while the kept ones were read stay, and their labels win
                    List<UserRequest> loadedMeanwhile = List.copyOf(items);
                    items.setAll(list);
                    merge(loadedMeanwhile);
                    if (!list.isEmpty() && loadedMeanwhile.isEmpty()) {
                        status.set(String.format(Locale.ROOT, "%d labelled requests from %s", list.size(),
                                file.getFileName()));
                    }
                    decide();
                }, e -> status.set("Cannot read your labelled requests: " + e.getMessage()));
    }

    private void specChanged(GridSpec before, GridSpec after) {
        updateChoices(after);
        if (!Objects.equals(before.router(), after.router()) || !Objects.equals(before.encoder(), after.encoder())) {
            decide();
        }
    }

    private void updateChoices(GridSpec spec) {
        List<String> routes = spec.router() != null ? spec.router().routes() : List.of();
        if (!routes.equals(routerRoutes)) {
            routerRoutes.setAll(routes);
        }
        List<String> choices = new ArrayList<>(routes);
        spec.experts().stream().map(ExpertSpec::id).filter(id -> !choices.contains(id)).forEach(choices::add);
        if (!choices.equals(routeChoices)) {
            routeChoices.setAll(choices);
        }
    }

    /** Loads a file of requests (text, and route when known), adds them to the list, keeps the labels. */
    public void load(Path file) {
        List<String> choices = List.copyOf(routeChoices);
        tasks.run("Reading " + file.getFileName(), p -> RequestFiles.read(file, choices), list -> {
            int labelled = merge(list);
            status.set(String.format(Locale.ROOT, "%d requests from %s, %d of them labelled", list.size(),
                    file.getFileName(), labelled));
            save();
            decide();
        }, e -> status.set("Cannot load your requests: " + e.getMessage()));
    }

    /** Adds requests; one already in the list takes the new one's label when it has one. Returns how many have one. */
    private int merge(List<UserRequest> list) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            index.put(items.get(i).text(), i);
        }
        int labelled = 0;
        List<UserRequest> added = new ArrayList<>();
        for (UserRequest r : list) {
            labelled += r.labelled() ? 1 : 0;
            Integer at = index.get(r.text());
            if (at == null) {
                added.add(r);
            } else if (r.labelled()) {
                items.set(at, items.get(at).withRoute(r.route()));
            }
        }
        items.addAll(added);
        return labelled;
    }

    /** Labels a request with its right route (one click); the labels file follows. */
    public void label(UserRequest request, String route) {
        int i = indexOf(request.text());
        if (i < 0 || Objects.equals(items.get(i).route(), route)) {
            return;
        }
        items.set(i, items.get(i).withRoute(route));
        save();
    }

    /** A held-out request the router misroutes, labelled by the user: it joins their requests. */
    public void labelHeldOut(String text, String route, String choice, double confidence, boolean answered) {
        int i = indexOf(text);
        if (i < 0) {
            items.add(new UserRequest(text, route, choice, confidence, answered));
        } else {
            items.set(i, items.get(i).withRoute(route));
        }
        save();
    }

    private int indexOf(String text) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).text().equals(text)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the labelled requests beside the grid, in the background; the last call's labels win. */
    private void save() {
        Path file = file();
        if (file == null) {
            status.set("Save the grid to keep your labels beside it");
            return;
        }
        List<UserRequest> labelled = items.stream().filter(UserRequest::labelled).toList();
        toSave.set(labelled);
        tasks.run("Saving your labels", p -> {
            synchronized (SAVING) {
                List<UserRequest> latest = toSave.get();
                RequestFiles.write(file, latest);
                return latest.size();
            }
        }, n -> { }, e -> status.set("Cannot save your labels to " + file + ": " + e.getMessage()));
    }

    /** Asks the grid's current router where each request goes (in the background). */
    public void decide() {
        GridDocument doc = document.get();
        GridSpec spec = doc.spec();
        long gen = ++generation;
        if (spec.router() == null || spec.router().model() == null || spec.router().model().isBlank()
                || items.isEmpty()) {
            return;
        }
        List<String> texts = items.stream().map(UserRequest::text).toList();
        double threshold = spec.router().threshold();
        tasks.run("Routing your requests", p -> CurrentRouter.decide(spec, doc.baseDir(), loader, texts, p),
                (Map<String, RouterMetrics.Decision> decisions) -> {
                    if (gen != generation) {
                        return;
                    }
                    for (int i = 0; i < items.size(); i++) {
                        RouterMetrics.Decision d = decisions.get(items.get(i).text());
                        if (d != null) {
                            items.set(i, items.get(i).withDecision(d.route(), d.confidence(),
                                    d.confidence() >= threshold));
                        }
                    }
                }, e -> status.set("Cannot route your requests with the current router: " + e.getMessage()));
    }
}
