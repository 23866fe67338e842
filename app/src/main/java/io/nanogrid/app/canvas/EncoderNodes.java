package io.nanogrid.app.canvas;

import io.nanogrid.app.models.ModelCatalog;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.grid.EncodedSpec;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.NodePosition;
import io.nanogrid.engine.inspect.ModelReport;
import io.nanogrid.engine.model.TensorDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The grid's shared encoder on the canvas: where it goes when the layout has no place for it, what its
 * node says, and its arrows: one to the router (the encoder runs first on every request), one to each
 * head (an expert whose input kind is "encoder").
 */
public final class EncoderNodes {
    /** How far above the router the encoder sits by default (between the two cards). */
    static final double GAP_Y = 70;
    /** How far left of the experts' column the encoder sits in a grid without a router. */
    static final double OFFSET_X = 340;

    private EncoderNodes() {
    }

    /**
     * Above the router (its arrow to the router runs down, its arrows to the heads run right, past the router);
     * left of the first expert in a grid without a router.
     */
    static NodePosition defaultPosition(Map<String, NodePosition> positions, GridSpec s) {
        NodePosition router = s.router() != null ? positions.get(GridSpec.ROUTER_NODE) : null;
        if (router != null) {
            return new NodePosition(router.x(), router.y() - NodeModel.HEIGHT - GAP_Y);
        }
        NodePosition first = s.experts().isEmpty() ? null : positions.get(s.experts().get(0).id());
        return first == null ? new NodePosition(80, 40) : new NodePosition(first.x() - OFFSET_X, first.y());
    }

    /** The badges of the encoder's node: its embedding's width (when known), its pooling, then its model's facts. */
    static List<String> badges(EncoderSpec enc, ModelReport report) {
        List<String> out = new ArrayList<>();
        Integer dims = dimensions(enc, report);
        if (dims != null) {
            out.add(dims + "-d");
        }
        out.add(enc.output().pooling() + " pooling");
        out.addAll(Badges.of(report, null));
        return out;
    }

    /** The width of the encoder's embedding: the last dimension of its output, when the model fixes it. */
    public static Integer dimensions(EncoderSpec enc, ModelReport report) {
        if (report == null || report.outputs().isEmpty()) {
            return null;
        }
        String name = enc.output().modelOutput();
        TensorDesc out = report.outputs().stream().filter(o -> name == null || o.name().equals(name)).findFirst()
                .orElse(null);
        if (out == null || out.rank() == 0 || !out.shape().get(out.rank() - 1).isFixed()) {
            return null;
        }
        return (int) out.shape().get(out.rank() - 1).size();
    }

    /** The arrows from the encoder: to the router ("embedding" when it is a head too) and to every head. */
    static List<EdgeModel> edges(GridSpec s, Function<String, ModelReport> reports) {
        List<EdgeModel> out = new ArrayList<>();
        if (s.router() != null) {
            boolean head = routerIsHead(s, reports);
            out.add(new EdgeModel(GridSpec.ENCODER_NODE, GridSpec.ROUTER_NODE, head ? "embedding" : "runs first",
                    EdgeModel.Kind.EMBEDDING));
        }
        for (ExpertSpec e : s.experts()) {
            if (takesEmbedding(e.input(), reports.apply(e.model()))) {
                out.add(new EdgeModel(GridSpec.ENCODER_NODE, e.id(), "", EdgeModel.Kind.EMBEDDING));
            }
        }
        return out;
    }

    /** The experts of the grid that are heads on its encoder (as far as their models are inspected). */
    public static List<String> heads(GridSpec s, Function<String, ModelReport> reports) {
        return s.experts().stream().filter(e -> takesEmbedding(e.input(), reports.apply(e.model())))
                .map(ExpertSpec::id).toList();
    }

    /** Whether the grid's router is a head on its encoder too. */
    public static boolean routerIsHead(GridSpec s, Function<String, ModelReport> reports) {
        return s.router() != null && takesEmbedding(s.router().input(), reports.apply(s.router().model()));
    }

    /** Whether a model takes the encoder's embedding: its input kind, given or from its metadata, is "encoder". */
    static boolean takesEmbedding(InputSpec given, ModelReport report) {
        if (given != null) {
            return given instanceof EncodedSpec;
        }
        if (report == null) {
            return false;
        }
        try {
            return InputAdapters.resolve(null, ModelCatalog.signature(report), "model") instanceof EncodedSpec;
        } catch (RuntimeException unknown) {
            return false;
        }
    }
}
