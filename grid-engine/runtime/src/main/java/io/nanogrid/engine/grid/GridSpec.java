package io.nanogrid.engine.grid;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A grid file: a router that sends each request to one of the experts, a confidence threshold
 * below which the fallback answers, and where each node sits on the canvas. Model paths are
 * relative to the grid file's folder.
 *
 * @param formatVersion the file format version ({@link #FORMAT_VERSION})
 * @param name          display name
 * @param description   free text, may be null
 * @param router        the router, or null for a grid of one expert (a plain model)
 * @param experts       the experts, each with a unique id
 * @param resilience    timeouts and circuit breaker settings, defaults when null
 * @param layout        canvas positions by node id ("router", "fallback", "encoder" or an expert id)
 * @param encoder       a shared encoder whose embedding the router and experts may take (input kind "encoder"),
 *                      run once per request; null for none
 */
public record GridSpec(Integer formatVersion, String name, String description, RouterSpec router,
        List<ExpertSpec> experts, ResilienceSpec resilience, Map<String, NodePosition> layout, EncoderSpec encoder) {
    public static final int FORMAT_VERSION = 1;
    /** Node ids the canvas uses for the router, the abstaining fallback and the encoder; no expert may take them. */
    public static final String ROUTER_NODE = "router";
    public static final String FALLBACK_NODE = "fallback";
    public static final String ENCODER_NODE = "encoder";

    public GridSpec {
        formatVersion = formatVersion != null ? formatVersion : FORMAT_VERSION;
        experts = experts != null ? List.copyOf(experts) : List.of();
        resilience = resilience != null ? resilience : ResilienceSpec.defaults();
        // sorted by node id: the same grid always saves to the same bytes
        layout = layout != null ? Collections.unmodifiableMap(new TreeMap<>(layout)) : Map.of();
    }

    /** A grid with these experts and no router yet (one expert answers everything; more need a router). */
    public GridSpec(Integer formatVersion, String name, String description, RouterSpec router,
            List<ExpertSpec> experts, ResilienceSpec resilience, Map<String, NodePosition> layout) {
        this(formatVersion, name, description, router, experts, resilience, layout, null);
    }

    public static GridSpec of(String name, ExpertSpec... experts) {
        return new GridSpec(FORMAT_VERSION, name, null, null, List.of(experts), null, null);
    }

    public Optional<ExpertSpec> expert(String id) {
        return experts.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    public GridSpec withName(String n) {
        return new GridSpec(formatVersion, n, description, router, experts, resilience, layout, encoder);
    }

    public GridSpec withRouter(RouterSpec r) {
        return new GridSpec(formatVersion, name, description, r, experts, resilience, layout, encoder);
    }

    public GridSpec withExperts(List<ExpertSpec> e) {
        return new GridSpec(formatVersion, name, description, router, e, resilience, layout, encoder);
    }

    public GridSpec withLayout(Map<String, NodePosition> l) {
        return new GridSpec(formatVersion, name, description, router, experts, resilience, l, encoder);
    }

    public GridSpec withResilience(ResilienceSpec r) {
        return new GridSpec(formatVersion, name, description, router, experts, r, layout, encoder);
    }

    public GridSpec withEncoder(EncoderSpec e) {
        return new GridSpec(formatVersion, name, description, router, experts, resilience, layout, e);
    }
}
