package io.nanogrid.app.inspector;

import io.nanogrid.app.canvas.Badges;
import io.nanogrid.app.canvas.DesignerViewModel;
import io.nanogrid.app.models.ModelCatalog;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.OutputSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.engine.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.scene.layout.BorderPane;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.DefaultPropertyEditorFactory;
import org.controlsfx.property.editor.Editors;

/**
 * The inspector: a property sheet for the selected node (or the grid when nothing is selected).
 * Edits go through the designer's view model, so they are undoable and validated.
 */
public final class InspectorView extends BorderPane {
    private final DesignerViewModel vm;
    private final ModelCatalog catalog;
    private final PropertySheet sheet = new PropertySheet();

    public InspectorView(DesignerViewModel vm, ModelCatalog catalog) {
        this.vm = vm;
        this.catalog = catalog;
        getStyleClass().add("inspector");
        sheet.setMode(PropertySheet.Mode.CATEGORY);
        sheet.setModeSwitcherVisible(false);
        sheet.setSearchBoxVisible(false);
        DefaultPropertyEditorFactory defaults = new DefaultPropertyEditorFactory();
        sheet.setPropertyEditorFactory(item -> {
            if (item instanceof Prop p && p.choices() != null) {
                return Editors.createChoiceEditor(item, p.choices());
            }
            if (item instanceof Prop p && p.text() != null) {
                return new CommittedTextEditor((String) p.getValue(), p.getDescription(), p.text());
            }
            return defaults.call(item);
        });
        setCenter(sheet);
        vm.selection().addListener((SetChangeListener<String>) c -> refresh());
        vm.nodes().addListener((ListChangeListener<Object>) c -> refresh());
        refresh();
    }

    public PropertySheet sheet() {
        return sheet;
    }

    private void refresh() {
        GridSpec s = vm.document().spec();
        List<PropertySheet.Item> items = new ArrayList<>();
        String id = vm.single().orElse(null);
        if (id == null) {
            grid(s, items);
        } else if (id.equals(GridSpec.ROUTER_NODE) && s.router() != null) {
            router(s, s.router(), items);
        } else if (id.equals(GridSpec.ENCODER_NODE) && s.encoder() != null) {
            EncoderProps.add(s, vm, catalog, items);
        } else if (id.equals(GridSpec.FALLBACK_NODE)) {
            items.add(Prop.readOnly("Fallback", "answer", "What the grid answers below the router's threshold",
                    "\"not sure\" (no expert)"));
        } else {
            s.expert(id).ifPresent(e -> expert(s, e, items));
        }
        if (!sameRows(sheet.getItems(), items)) {
            sheet.getItems().setAll(items);
        }
    }

    /**
     * Whether the rows show the same values: the node list changes often without a value changing (a model's
     * health after each reload of the grid), and rebuilding the sheet then would drop what a person is typing.
     */
    private static boolean sameRows(List<PropertySheet.Item> shown, List<PropertySheet.Item> next) {
        if (shown.size() != next.size()) {
            return false;
        }
        for (int i = 0; i < shown.size(); i++) {
            if (!(shown.get(i) instanceof Prop a && next.get(i) instanceof Prop b && a.sameRow(b))) {
                return false;
            }
        }
        return true;
    }

    /** Points the router or an expert at another model file (relative to the grid), when there is one. */
    private Optional<String> modelFile(String node, String relative) {
        Path p = vm.document().baseDir().resolve(relative.strip());
        if (relative.isBlank() || !Files.isRegularFile(p)) {
            return Optional.of("no model file at " + p);
        }
        vm.setModel(node, p);
        return Optional.empty();
    }

    private Optional<String> threshold(String text) {
        try {
            double t = Double.parseDouble(text.strip());
            if (t >= 0 && t <= 1) {
                vm.setThreshold(t);
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            // said below
        }
        return Optional.of("the threshold is a number from 0 to 1, not \"" + text + "\"");
    }

    private void grid(GridSpec s, List<PropertySheet.Item> items) {
        items.add(Prop.text("Grid", "name", "The grid's name", s.name(), v -> {
            if (v.isBlank()) {
                return Optional.of("a grid needs a name");
            }
            vm.rename(v.strip());
            return Optional.empty();
        }));
        items.add(Prop.readOnly("Grid", "file", "Where the grid is saved",
                vm.document().file() == null ? "not saved yet" : vm.document().file()));
        items.add(Prop.readOnly("Grid", "experts", "Experts in the grid", s.experts().size()));
        items.add(Prop.readOnly("Grid", "router", "The router's model", s.router() == null ? "none" : s.router().model()));
        items.add(Prop.readOnly("Grid", "encoder", "The shared encoder the router and heads take their embedding from",
                s.encoder() == null ? "none" : s.encoder().model()));
        items.add(Prop.readOnly("Resilience", "time limit", "Per-request expert time limit",
                s.resilience().timeoutMs() + " ms"));
        items.add(Prop.readOnly("Resilience", "circuit breaker", "Failures in a row that stop calls to an expert",
                s.resilience().breakerFailures() + " failures, " + s.resilience().breakerCoolDownMs() + " ms cool-down"));
    }

    private void router(GridSpec s, RouterSpec r, List<PropertySheet.Item> items) {
        items.add(Prop.text("Router", "model file", "The router model, relative to the grid file", r.model(),
                v -> modelFile(GridSpec.ROUTER_NODE, v)));
        items.add(Prop.readOnly("Router", "routes", "Experts it routes to, in the model's output order",
                String.join(", ", r.routes())));
        items.add(Prop.text("Router", "threshold", "Below this confidence the fallback answers (0 to 1)",
                String.valueOf(r.threshold()), this::threshold));
        List<String> fallbacks = new ArrayList<>();
        fallbacks.add("not sure");
        s.experts().forEach(e -> fallbacks.add(e.id()));
        items.add(Prop.choice("Router", "fallback", "Who answers below the threshold",
                r.fallback() == null ? "not sure" : r.fallback(), fallbacks,
                v -> vm.setFallback("not sure".equals(v) ? null : (String) v)));
        model(GridSpec.ROUTER_NODE, r.model(), r.input(), null, items);
    }

    private void expert(GridSpec s, ExpertSpec e, List<PropertySheet.Item> items) {
        items.add(Prop.text("Expert", "id", "Its id, also its route name", e.id(), v -> vm.rename(e.id(), v.strip())));
        items.add(Prop.text("Expert", "model file", "The model, relative to the grid file", e.model(),
                v -> modelFile(e.id(), v)));
        boolean routed = s.router() != null && s.router().routes().contains(e.id());
        items.add(Prop.editable("Expert", "routed", "Whether the router sends requests to it", Boolean.class, routed,
                v -> {
                    if ((Boolean) v) {
                        vm.connect(e.id());
                    } else {
                        vm.disconnect(e.id());
                    }
                }));
        model(e.id(), e.model(), e.input(), e.output(), items);
    }

    /** The model's rows; the input adapter (router, experts) and output labels (experts) can be edited. */
    private void model(String node, String model, InputSpec given, OutputSpec output, List<PropertySheet.Item> items) {
        if (model == null || model.isBlank()) {
            return;
        }
        Path p = vm.modelPath(model);
        ModelReport r = catalog.report(p);
        String problem = catalog.problem(p);
        if (r == null) {
            items.add(Prop.readOnly("Model", "status", "", problem != null ? problem : "inspecting..."));
            return;
        }
        InputSpec in = given != null ? given : InputAdapters.resolve(null, ModelCatalog.signature(r), "model");
        String from = given != null ? "Set in the grid file"
                : r.metadata().containsKey(InputAdapters.METADATA_KEY) ? "From the model's metadata" : "Guessed from "
                        + "its inputs";
        items.add(Prop.text("Model", "input adapter", from + " (JSON; checked against the model, Edit > Undo "
                + "goes back)", Json.compact().toJson(in, InputSpec.class), v -> vm.setInputAdapter(node, v)));
        List<String> labels = OutputDecoders.labels(output, ModelCatalog.signature(r));
        String shown = labels == null ? "" : String.join(", ", labels);
        if (node.equals(GridSpec.ROUTER_NODE)) {
            items.add(Prop.readOnly("Model", "output labels", "The routes the router model was trained for",
                    labels == null ? "class indices" : shown));
        } else {
            items.add(Prop.text("Model", "output labels", "Class labels in output order, \"a, b, c\": one per "
                    + "column of the model's output" + (labels == null ? " (now class indices)" : ""), shown,
                    v -> vm.setOutputLabels(node, v)));
        }
        items.add(Prop.readOnly("Model", "bits", "Weight precision", Badges.bits(r)));
        items.add(Prop.readOnly("Model", "parameters", "Learned values", String.format("%,d", r.parameters())));
        items.add(Prop.readOnly("Model", "file bytes", "Size of the .onnx file", String.format("%,d", r.fileBytes())));
        items.add(Prop.readOnly("Model", "inputs", "", r.inputs().stream().map(t -> t.name() + " " + t.describe())
                .reduce((a, b) -> a + "; " + b).orElse("")));
        if (problem != null) {
            items.add(Prop.readOnly("Model", "problem", "", problem));
        }
    }
}
