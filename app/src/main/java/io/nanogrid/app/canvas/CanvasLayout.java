package io.nanogrid.app.canvas;

import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.NodePosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the canvas puts a grid's nodes: the grid's layout, and the auto-layout for nodes it has no place for
 * (router on the left, experts in a column to its right, the fallback below them, the encoder above the router).
 */
final class CanvasLayout {
    private static final double COLUMN_X = 460;
    private static final double ROUTER_X = 80;
    private static final double ROW = 116;
    /** Space kept between nodes: a row is a node's height and this gap. */
    private static final double GAP = ROW - NodeModel.HEIGHT;

    private CanvasLayout() {
    }

    /** Positions from the layout, with a place in the auto-layout for nodes that have none. */
    static Map<String, NodePosition> positions(GridSpec s) {
        Map<String, NodePosition> out = new LinkedHashMap<>(autoPositions(s));
        out.putAll(s.layout());
        if (s.encoder() != null && !s.layout().containsKey(GridSpec.ENCODER_NODE)) {
            out.put(GridSpec.ENCODER_NODE, EncoderNodes.defaultPosition(out, s));
        }
        return out;
    }

    /** The auto-layout of every node the grid has. */
    static Map<String, NodePosition> auto(GridSpec s) {
        Map<String, NodePosition> layout = new LinkedHashMap<>(autoPositions(s));
        if (s.encoder() != null) {
            layout.put(GridSpec.ENCODER_NODE, EncoderNodes.defaultPosition(layout, s));
        }
        layout.keySet().removeIf(id -> !exists(s, id));
        return layout;
    }

    /** Router on the left, experts in a column to its right, the fallback below them. */
    private static Map<String, NodePosition> autoPositions(GridSpec s) {
        Map<String, NodePosition> out = new LinkedHashMap<>();
        int n = s.experts().size() + (s.router() != null && s.router().fallback() == null ? 1 : 0);
        double top = 40;
        out.put(GridSpec.ROUTER_NODE, new NodePosition(ROUTER_X, top + Math.max(0, (n - 1) * ROW / 2)));
        for (int i = 0; i < s.experts().size(); i++) {
            out.put(s.experts().get(i).id(), new NodePosition(COLUMN_X, top + i * ROW));
        }
        out.put(GridSpec.FALLBACK_NODE, new NodePosition(COLUMN_X, top + s.experts().size() * ROW));
        return out;
    }

    /**
     * A place for a new node at (x, y) or, when that would cover another node, straight below it: the first spot
     * down the same column where it overlaps none (the grid's nodes other than id, a row's gap apart).
     */
    static NodePosition free(GridSpec s, String id, double x, double y) {
        List<NodePosition> taken = positions(s).entrySet().stream()
                .filter(e -> !e.getKey().equals(id) && exists(s, e.getKey())).map(Map.Entry::getValue).toList();
        double at = y;
        while (true) {
            double top = at;
            List<NodePosition> covered = taken.stream().filter(p -> Math.abs(p.x() - x) < NodeModel.WIDTH + GAP
                    && Math.abs(p.y() - top) < NodeModel.HEIGHT + GAP).toList();
            if (covered.isEmpty()) {
                return new NodePosition(x, at);
            }
            // below the lowest node it covers: y grows every turn, and only finitely many nodes are in the way
            at = covered.stream().mapToDouble(p -> p.y() + NodeModel.HEIGHT + GAP).max().getAsDouble();
        }
    }

    /** Whether the grid has the node: the router, the "not sure" fallback, the encoder or an expert. */
    static boolean exists(GridSpec s, String id) {
        return id.equals(GridSpec.ROUTER_NODE) ? s.router() != null
                : id.equals(GridSpec.FALLBACK_NODE) ? s.router() != null && s.router().fallback() == null
                : id.equals(GridSpec.ENCODER_NODE) ? s.encoder() != null
                : s.expert(id).isPresent();
    }
}
