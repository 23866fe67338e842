package io.nanogrid.app.canvas;

import io.nanogrid.engine.grid.NodePosition;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.DragEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * The grid canvas: draws the designer's nodes and edges, and turns gestures into view-model calls:
 * click and shift-click to select, rubber-band selection, drag to move, drag from the router's port
 * onto an expert to connect, ctrl+wheel to zoom, wheel or middle-drag to pan, and .onnx files
 * dropped from the file manager become experts.
 */
public final class CanvasView extends Pane {
    private final DesignerViewModel vm;
    private final Group content = new Group();
    private final Group edgeLayer = new Group();
    private final Group nodeLayer = new Group();
    private final Scale scale = new Scale(1, 1);
    private final Translate pan = new Translate(0, 0);
    private final Rectangle band = new Rectangle();
    private final Line wire = new Line();
    private final Map<String, NodeView> views = new HashMap<>();
    private final Runnable beforeLayout = this::beforeLayoutPass;
    /** The drawing is behind the view model (see {@link #rebuildSoon()}). */
    private boolean stale;
    private Consumer<String> onInspect = id -> { };
    private Gesture gesture = Gesture.NONE;
    private Point2D pressScene;
    private Point2D pressContent;
    private Map<String, Point2D> dragStart = Map.of();

    private enum Gesture { NONE, MOVE, BAND, PAN, WIRE }

    public CanvasView(DesignerViewModel vm) {
        this.vm = vm;
        getStyleClass().add("grid-canvas");
        content.getTransforms().addAll(pan, scale);
        content.getChildren().addAll(edgeLayer, nodeLayer, wire);
        band.getStyleClass().add("rubber-band");
        band.setVisible(false);
        band.setManaged(false);
        wire.getStyleClass().add("connect-wire");
        wire.setVisible(false);
        wire.setMouseTransparent(true);
        getChildren().addAll(content, band);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);

        vm.nodes().addListener((ListChangeListener<NodeModel>) c -> rebuildSoon());
        vm.edges().addListener((ListChangeListener<EdgeModel>) c -> rebuildSoon());
        vm.selection().addListener((SetChangeListener<String>) c -> rebuildSoon());
        sceneProperty().addListener((o, old, now) -> {
            if (old != null) {
                old.removePreLayoutPulseListener(beforeLayout);
            }
            if (now != null) {
                now.addPreLayoutPulseListener(beforeLayout);
            }
        });
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        setOnDragOver(this::dragOver);
        setOnDragDropped(this::dropped);
        setFocusTraversable(true);
        rebuild();
    }

    /** Told when the user asks to inspect a node's model (double-click, context menu). */
    public void setOnInspect(Consumer<String> onInspect) {
        this.onInspect = onInspect;
    }

    public double zoom() {
        return scale.getX();
    }

    public void setZoom(double z) {
        double zz = Math.max(0.2, Math.min(3, z));
        scale.setX(zz);
        scale.setY(zz);
    }

    public void zoomBy(double factor) {
        setZoom(zoom() * factor);
    }

    /** Zooms and pans so that every node is visible. */
    public void fit() {
        if (vm.nodes().isEmpty() || getWidth() <= 0) {
            setZoom(1);
            pan.setX(0);
            pan.setY(0);
            return;
        }
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (NodeModel n : vm.nodes()) {
            minX = Math.min(minX, n.x());
            minY = Math.min(minY, n.y());
            maxX = Math.max(maxX, n.x() + NodeModel.WIDTH);
            maxY = Math.max(maxY, n.y() + NodeModel.HEIGHT);
        }
        double margin = 40;
        double z = Math.min(1.25, Math.min(getWidth() / (maxX - minX + 2 * margin),
                getHeight() / (maxY - minY + 2 * margin)));
        setZoom(z);
        pan.setX((getWidth() - (maxX - minX) * zoom()) / 2 - minX * zoom());
        pan.setY((getHeight() - (maxY - minY) * zoom()) / 2 - minY * zoom());
    }

    /** Canvas coordinates of a point of this pane. */
    public Point2D toCanvas(double x, double y) {
        return new Point2D((x - pan.getX()) / zoom(), (y - pan.getY()) / zoom());
    }

    /**
     * Rebuilds the drawing once before the next frame, however many changes come before it: opening
     * a grid brings its nodes, then each model's report, status and latency one by one, and
     * rebuilding on each of them cost the start-up about half a second.
     */
    private void rebuildSoon() {
        if (getScene() == null) {
            rebuild();
        } else if (!stale) {
            stale = true;
            Platform.requestNextPulse();
        }
    }

    /** Runs before each pulse's CSS and layout passes, so the new nodes are styled in the same frame. */
    private void beforeLayoutPass() {
        if (stale) {
            rebuild();
        }
    }

    private void rebuild() {
        stale = false;
        nodeLayer.getChildren().clear();
        edgeLayer.getChildren().clear();
        views.clear();
        for (NodeModel n : vm.nodes()) {
            NodeView v = new NodeView(n, vm.selection().contains(n.id()));
            ContextMenu m = menu(n);
            v.setOnContextMenuRequested(ev -> m.show(v, ev.getScreenX(), ev.getScreenY()));
            views.put(n.id(), v);
            nodeLayer.getChildren().add(v);
        }
        for (EdgeModel e : vm.edges()) {
            if (views.containsKey(e.from()) && views.containsKey(e.to())) {
                edgeLayer.getChildren().add(new EdgeView(e));
            }
        }
        placeEdges();
    }

    private void placeEdges() {
        for (var child : edgeLayer.getChildren()) {
            EdgeView e = (EdgeView) child;
            NodeView a = views.get(e.model().from());
            NodeView b = views.get(e.model().to());
            e.place(a.getLayoutX(), a.getLayoutY(), b.getLayoutX(), b.getLayoutY());
        }
    }

    private ContextMenu menu(NodeModel n) {
        ContextMenu m = new ContextMenu();
        if (n.kind() == NodeModel.Kind.EXPERT) {
            MenuItem route = new MenuItem(n.routed() ? "Stop routing to it" : "Route requests to it");
            route.setOnAction(e -> {
                if (n.routed()) {
                    vm.disconnect(n.id());
                } else {
                    vm.connect(n.id());
                }
            });
            MenuItem fallback = new MenuItem("Use as fallback");
            fallback.setOnAction(e -> vm.setFallback(n.id()));
            m.getItems().addAll(route, fallback);
        }
        if (n.kind() == NodeModel.Kind.FALLBACK || n.kind() == NodeModel.Kind.ROUTER) {
            MenuItem notSure = new MenuItem("Fallback answers \"not sure\"");
            notSure.setOnAction(e -> vm.setFallback(null));
            m.getItems().add(notSure);
        }
        if (n.kind() != NodeModel.Kind.FALLBACK) {
            MenuItem inspect = new MenuItem("Inspect model");
            inspect.setOnAction(e -> onInspect.accept(n.id()));
            m.getItems().addAll(new SeparatorMenuItem(), inspect);
        }
        MenuItem delete = new MenuItem("Delete");
        delete.setOnAction(e -> {
            vm.selectOnly(Set.of(n.id()));
            vm.deleteSelected();
        });
        delete.setDisable(n.kind() == NodeModel.Kind.FALLBACK || n.kind() == NodeModel.Kind.ENCODER);
        m.getItems().addAll(new SeparatorMenuItem(), delete);
        return m;
    }

    private NodeView nodeAt(MouseEvent e) {
        var target = e.getPickResult().getIntersectedNode();
        while (target != null && !(target instanceof NodeView) && target != this) {
            target = target.getParent();
        }
        return target instanceof NodeView v ? v : null;
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        pressScene = new Point2D(e.getX(), e.getY());
        pressContent = toCanvas(e.getX(), e.getY());
        if (e.getButton() == MouseButton.MIDDLE || (e.getButton() == MouseButton.PRIMARY && e.isAltDown())) {
            gesture = Gesture.PAN;
            return;
        }
        if (e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        NodeView v = nodeAt(e);
        if (v != null && e.getPickResult().getIntersectedNode() == v.port()) {
            gesture = Gesture.WIRE;
            wire.setStartX(v.getLayoutX() + NodeModel.WIDTH);
            wire.setStartY(v.getLayoutY() + NodeModel.HEIGHT / 2);
            wire.setEndX(wire.getStartX());
            wire.setEndY(wire.getStartY());
            wire.setVisible(true);
            return;
        }
        if (v != null) {
            String id = v.model().id();
            if (e.getClickCount() == 2) {
                onInspect.accept(id);
                return;
            }
            if (e.isShiftDown() || e.isShortcutDown()) {
                vm.select(id, true);
            } else if (!vm.selection().contains(id)) {
                vm.select(id, false);
            }
            gesture = Gesture.MOVE;
            Map<String, Point2D> start = new LinkedHashMap<>();
            for (String s : vm.selection()) {
                NodeView sv = views.get(s);
                if (sv != null) {
                    start.put(s, new Point2D(sv.getLayoutX(), sv.getLayoutY()));
                }
            }
            dragStart = start;
            return;
        }
        if (!e.isShiftDown()) {
            vm.selectOnly(Set.of());
        }
        gesture = Gesture.BAND;
        band.setX(e.getX());
        band.setY(e.getY());
        band.setWidth(0);
        band.setHeight(0);
        band.setVisible(true);
    }

    private void dragged(MouseEvent e) {
        switch (gesture) {
            case PAN -> {
                pan.setX(pan.getX() + e.getX() - pressScene.getX());
                pan.setY(pan.getY() + e.getY() - pressScene.getY());
                pressScene = new Point2D(e.getX(), e.getY());
            }
            case MOVE -> {
                Point2D now = toCanvas(e.getX(), e.getY());
                double dx = now.getX() - pressContent.getX();
                double dy = now.getY() - pressContent.getY();
                dragStart.forEach((id, p) -> {
                    NodeView v = views.get(id);
                    if (v != null) {
                        v.relocate(p.getX() + dx, p.getY() + dy);
                    }
                });
                placeEdges();
            }
            case BAND -> {
                band.setX(Math.min(e.getX(), pressScene.getX()));
                band.setY(Math.min(e.getY(), pressScene.getY()));
                band.setWidth(Math.abs(e.getX() - pressScene.getX()));
                band.setHeight(Math.abs(e.getY() - pressScene.getY()));
            }
            case WIRE -> {
                Point2D now = toCanvas(e.getX(), e.getY());
                wire.setEndX(now.getX());
                wire.setEndY(now.getY());
            }
            default -> {
            }
        }
    }

    private void released(MouseEvent e) {
        Gesture g = gesture;
        gesture = Gesture.NONE;
        switch (g) {
            case MOVE -> {
                Map<String, NodePosition> moved = new LinkedHashMap<>();
                dragStart.keySet().forEach(id -> {
                    NodeView v = views.get(id);
                    if (v != null && (v.getLayoutX() != dragStart.get(id).getX()
                            || v.getLayoutY() != dragStart.get(id).getY())) {
                        moved.put(id, new NodePosition(Math.round(v.getLayoutX()), Math.round(v.getLayoutY())));
                    }
                });
                if (!moved.isEmpty()) {
                    vm.moveTo(moved);
                }
            }
            case BAND -> {
                band.setVisible(false);
                Point2D a = toCanvas(band.getX(), band.getY());
                Point2D b = toCanvas(band.getX() + band.getWidth(), band.getY() + band.getHeight());
                Set<String> hit = vm.nodes().stream().filter(n -> n.x() < b.getX() && n.x() + NodeModel.WIDTH > a.getX()
                        && n.y() < b.getY() && n.y() + NodeModel.HEIGHT > a.getY()).map(NodeModel::id)
                        .collect(Collectors.toSet());
                if (!hit.isEmpty()) {
                    hit.addAll(e.isShiftDown() ? vm.selection() : Set.of());
                    vm.selectOnly(hit);
                }
            }
            case WIRE -> {
                wire.setVisible(false);
                Point2D at = toCanvas(e.getX(), e.getY());
                vm.nodes().stream().filter(n -> n.kind() == NodeModel.Kind.EXPERT && at.getX() >= n.x()
                        && at.getX() <= n.x() + NodeModel.WIDTH && at.getY() >= n.y()
                        && at.getY() <= n.y() + NodeModel.HEIGHT).findFirst().ifPresent(n -> vm.connect(n.id()));
            }
            default -> {
            }
        }
    }

    private void scrolled(ScrollEvent e) {
        if (e.isShortcutDown() || e.isControlDown()) {
            Point2D before = toCanvas(e.getX(), e.getY());
            zoomBy(e.getDeltaY() > 0 ? 1.1 : 1 / 1.1);
            pan.setX(e.getX() - before.getX() * zoom());
            pan.setY(e.getY() - before.getY() * zoom());
        } else {
            pan.setX(pan.getX() + e.getDeltaX());
            pan.setY(pan.getY() + e.getDeltaY());
        }
        e.consume();
    }

    private static List<Path> onnxFiles(DragEvent e) {
        if (!e.getDragboard().hasFiles()) {
            return List.of();
        }
        return e.getDragboard().getFiles().stream().map(File::toPath)
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")).toList();
    }

    private void dragOver(DragEvent e) {
        if (!onnxFiles(e).isEmpty()) {
            e.acceptTransferModes(TransferMode.COPY);
        }
        e.consume();
    }

    private void dropped(DragEvent e) {
        List<Path> files = onnxFiles(e);
        Point2D at = toCanvas(e.getX(), e.getY());
        for (int i = 0; i < files.size(); i++) {
            vm.importModel(files.get(i), at.getX() + 24 * i, at.getY() + 24 * i);
        }
        e.setDropCompleted(!files.isEmpty());
        e.consume();
    }

    /** Where a node is drawn now (for tests and tools), in scene coordinates. */
    public Bounds nodeBounds(String id) {
        NodeView v = views.get(id);
        return v == null ? null : v.localToScene(v.getBoundsInLocal());
    }
}
