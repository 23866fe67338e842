package io.nanogrid.engine.runtime;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.decode.OutputDecoders;
import io.nanogrid.engine.features.BadRequestException;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelInputException;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * A running grid: route(request) sends each request through the router to one expert and answers
 * a {@link GridResponse}. Thread-safe. One expert failing (error, timeout, NaN, missing file)
 * yields a typed error for its own requests only, or a failover to the fallback expert; an
 * expert's model can be replaced while requests run.
 */
public final class Grid implements AutoCloseable {
    private final GridSpec spec;
    private final Path baseDir;
    private final ModelBinder binder;
    private final RouterStage router;
    private final EncoderStage encoder;
    private final Map<String, ExpertSlot> experts;
    private final ExpertSlot fallback;
    private final double threshold;
    private final List<String> warnings;

    private Grid(GridSpec spec, Path baseDir, ModelBinder binder, EncoderStage encoder, RouterStage router,
            Map<String, ExpertSlot> experts, List<String> warnings) {
        this.encoder = encoder;
        this.spec = spec;
        this.baseDir = baseDir;
        this.binder = binder;
        this.router = router;
        this.experts = experts;
        this.warnings = List.copyOf(warnings);
        RouterSpec r = spec.router();
        this.fallback = r != null && r.fallback() != null ? experts.get(r.fallback()) : null;
        this.threshold = r != null ? r.threshold() : 0;
    }

    /** Opens a grid file; model paths resolve against its folder. */
    public static Grid open(Path gridFile, ModelLoader loader) {
        Path abs = gridFile.toAbsolutePath();
        return open(GridFiles.read(abs), abs.getParent(), loader);
    }

    /**
     * Opens a grid. The router must load (without it nothing can be routed); an expert that cannot
     * load becomes a typed error on its own route and a line in {@link #warnings()}.
     */
    public static Grid open(GridSpec spec, Path baseDir, ModelLoader loader) {
        return open(spec, baseDir, loader, System::nanoTime);
    }

    /**
     * As {@link #open(GridSpec, Path, ModelLoader)}, with the clock (nanoseconds) the experts' circuit breakers
     * time their cool-down by: tests drive it by hand, so that a pause of the test thread (GC, descheduling)
     * longer than the cool-down cannot let a half-open probe through where the test expects a refusal.
     */
    static Grid open(GridSpec spec, Path baseDir, ModelLoader loader, LongSupplier breakerClock) {
        GridValidator.checkRunnable(spec, "grid " + spec.name());
        ModelBinder binder = new ModelBinder(loader, baseDir);
        ResilienceSpec res = spec.resilience();
        Map<String, ExpertSlot> experts = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        RouterStage router = null;
        EncoderStage encoder = null;
        try {
            if (spec.encoder() != null) {
                encoder = EncoderStage.open(spec.encoder(), binder, baseDir, res.timeoutMs());
            }
            for (ExpertSpec e : spec.experts()) {
                String where = "expert '" + e.id() + "' (" + e.model() + ")";
                LoadedModel m = binder.load(baseDir.resolve(e.model()), e.input(), e.output(), where);
                String misfit = m.problem() == null ? encoderMisfit(m, encoder, where) : null;
                if (misfit != null) {
                    m.close();
                    m = LoadedModel.broken(ErrorCode.MODEL_INVALID, misfit, m.source());
                }
                if (m.problem() != null) {
                    warnings.add(m.message());
                }
                long timeout = e.timeoutMs() != null ? e.timeoutMs() : res.timeoutMs();
                experts.put(e.id(), new ExpertSlot(e, timeout,
                        new CircuitBreaker(res.breakerFailures(), res.breakerCoolDownMs(), breakerClock), m));
            }
            if (spec.router() != null) {
                RouterSpec r = spec.router();
                String where = "router (" + r.model() + ")";
                Model model = loader.load(baseDir.resolve(r.model()));
                // checked before the routes are bound to its outputs: a route too many or too few is no output
                List<String> trainedFor = OutputDecoders.labels(null, model.signature());
                if (trainedFor != null && !trainedFor.equals(r.routes())) {
                    model.close();
                    throw new BadInputException(where + " was trained for routes " + trainedFor + ", but the grid "
                            + "lists " + r.routes() + "; " + (Set.copyOf(trainedFor).equals(Set.copyOf(r.routes()))
                                    ? "retrain it (nanogrid router train GRID) or list its routes in that order"
                                    : "retrain it for the grid's routes (nanogrid router train GRID)"));
                }
                LoadedModel m = binder.bind(model, r.input(), new LabelsSpec(r.routes(), r.scores(), r.modelOutput()),
                        where);
                String routerMisfit = encoderMisfit(m, encoder, where);
                if (routerMisfit != null) {
                    m.close();
                    throw new BadInputException(routerMisfit);
                }
                router = new RouterStage(m, res.timeoutMs());
                for (ExpertSlot slot : experts.values()) {
                    String misfit = misfit(slot.id(), slot.loaded(), m);
                    if (misfit != null) {
                        warnings.add(misfit);
                        slot.replace(LoadedModel.broken(ErrorCode.MODEL_INVALID, misfit, slot.loaded().source()));
                    }
                }
            }
        } catch (RuntimeException e) {
            experts.values().forEach(ExpertSlot::close);
            if (router != null) {
                router.close();
            }
            if (encoder != null) {
                encoder.close();
            }
            throw e;
        }
        return new Grid(spec, baseDir, binder, encoder, router, experts, warnings);
    }

    /** A grid of one model: no router, the model answers everything. */
    public static Grid forModel(Path model, ModelLoader loader) {
        return open(GridTarget.ofModel(model), loader);
    }

    /**
     * Opens what a command was pointed at. A grid file opens as {@link #open(GridSpec, Path, ModelLoader)}
     * does (an expert whose model fails is degraded); a single model that does not load is refused,
     * since there is nothing else to answer with.
     */
    public static Grid open(GridTarget target, ModelLoader loader) {
        Grid grid = open(target.spec(), target.baseDir(), loader);
        if (target.model()) {
            LoadedModel m = grid.experts.values().iterator().next().loaded();
            if (m.problem() != null) {
                grid.close();
                throw new BadInputException(m.message().replaceFirst("^expert '[^']*' \\([^)]*\\): ", ""));
            }
        }
        return grid;
    }

    /**
     * A grid of one model that is already loaded (for instance a model just trained, still in memory).
     * The grid owns the model from now on and closes it. It is for measuring, so its calls have no time limit.
     */
    public static Grid ofModel(Model model, String id, ModelLoader loader) {
        ModelBinder binder = new ModelBinder(loader, Path.of("."));
        GridSpec spec = GridTarget.oneExpert(id, model.source()).withResilience(ResilienceSpec.noTimeLimit());
        LoadedModel m = binder.bind(model, null, null, "model " + model.source());
        ResilienceSpec res = spec.resilience();
        Map<String, ExpertSlot> experts = new LinkedHashMap<>();
        experts.put(id, new ExpertSlot(spec.experts().get(0), res.timeoutMs(),
                new CircuitBreaker(res.breakerFailures(), res.breakerCoolDownMs(), System::nanoTime), m));
        return new Grid(spec, Path.of("."), binder, null, null, experts, List.of());
    }

    public GridResponse route(Request request) {
        return route(request, null);
    }

    /**
     * Routes a request of a session: a stateful expert (input.state) carries its state from the
     * session's previous request to this one. A null session starts from a fresh state every time.
     */
    public GridResponse route(Request request, String session) {
        long t0 = System.nanoTime();
        long encoderNanos = 0;
        if (encoder != null && request instanceof TextRequest text) {
            try {
                request = encoder.encode(text);
            } catch (BadRequestException | ModelInputException e) {
                return refusal(e.getMessage(), t0);
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                return new GridResponse(null, null, null, new Timings(0, 0, 0, Timings.micros(now - t0),
                        Timings.micros(now - t0)), true, new RouteError(ErrorCode.ENCODER_FAILED, "encoder failed: "
                        + e.getMessage(), null), false, null, null);
            }
            encoderNanos = System.nanoTime() - t0;
        }
        return withEncoder(routeEncoded(request, session, t0), encoderNanos);
    }

    private static GridResponse withEncoder(GridResponse r, long encoderNanos) {
        if (encoderNanos == 0) {
            return r;
        }
        Timings t = r.timings();
        return new GridResponse(r.route(), r.confidence(), r.result(), new Timings(t.featurize(), t.router(), t.expert(),
                t.total(), Timings.micros(encoderNanos)), r.degraded(), r.error(), r.fallback(), r.routerChoice(),
                r.routeScores(), r.abstain());
    }

    private static GridResponse refusal(String message, long t0) {
        long now = System.nanoTime();
        return new GridResponse(null, null, null, new Timings(Timings.micros(now - t0), 0, 0, Timings.micros(now - t0)),
                false, new RouteError(ErrorCode.BAD_REQUEST, message, null), false, null, null);
    }

    private GridResponse routeEncoded(Request request, String session, long t0) {
        if (router == null) {
            ExpertSlot only = experts.values().iterator().next();
            ExpertSlot.Outcome o = only.call(request, session);
            return response(only.id(), null, o, o.error(), false, null, null, 0, 0, t0);
        }
        RouterStage.Decision d;
        try {
            d = router.decide(request);
        } catch (BadRequestException | ModelInputException e) {
            long now = System.nanoTime();
            return new GridResponse(null, null, null, new Timings(Timings.micros(now - t0), 0, 0,
                    Timings.micros(now - t0)), false, new RouteError(ErrorCode.BAD_REQUEST, e.getMessage(), null),
                    false, null, null);
        } catch (RuntimeException e) {
            RouteError err = new RouteError(ErrorCode.ROUTER_FAILED, "router failed: " + e.getMessage(), null);
            return answerWithFallback(request, err, t0);
        }
        LabelAnswer a = d.answer();
        boolean lowConfidence = a.score() < threshold;
        ExpertSlot target = lowConfidence ? fallback : experts.get(a.label());
        if (target == null) {
            return new GridResponse(GridSpec.FALLBACK_NODE, a.score(), null, timings(d.featurizeNanos(),
                    d.routerNanos(), 0, t0), false, null, true, a.label(), a.probabilities());
        }
        ExpertSlot.Outcome o = target.call(request, session);
        if (o.error() != null && o.error().code() != ErrorCode.BAD_REQUEST && fallback != null
                && target != fallback) {
            ExpertSlot.Outcome f = fallback.call(request);
            if (f.error() == null) {
                return new GridResponse(fallback.id(), a.score(), f.answer(), timings(d.featurizeNanos()
                        + o.featurizeNanos() + f.featurizeNanos(), d.routerNanos(), o.expertNanos() + f.expertNanos(),
                        t0), true, o.error(), false, a.label(), a.probabilities());
            }
        }
        return response(target.id(), a.score(), o, o.error(), lowConfidence, a.label(), a.probabilities(),
                d.featurizeNanos(), d.routerNanos(), t0);
    }

    private GridResponse answerWithFallback(Request request, RouteError err, long t0) {
        if (fallback == null) {
            return new GridResponse(null, null, null, timings(0, System.nanoTime() - t0, 0, t0), true, err, false,
                    null, null);
        }
        ExpertSlot.Outcome o = fallback.call(request);
        return new GridResponse(fallback.id(), null, o.answer(), timings(o.featurizeNanos(), 0, o.expertNanos(), t0),
                true, err, false, null, null);
    }

    private static GridResponse response(String route, Double confidence, ExpertSlot.Outcome o, RouteError error,
            boolean fallback, String choice, Map<String, Double> scores, long featurize, long router, long t0) {
        return new GridResponse(route, confidence, o.answer(), timings(featurize + o.featurizeNanos(), router,
                o.expertNanos(), t0), error != null, error, fallback, choice, scores, o.abstain());
    }

    private static Timings timings(long featurize, long router, long expert, long t0) {
        return new Timings(Timings.micros(featurize), Timings.micros(router), Timings.micros(expert),
                Timings.micros(System.nanoTime() - t0));
    }

    /**
     * Replaces one expert's model while requests run: the new model is loaded and bound first (a
     * problem leaves the old one serving and throws), then swapped in; no request fails.
     */
    public void replaceExpert(String id, Path model) {
        ExpertSlot slot = slot(id);
        String where = "expert '" + id + "' (" + model + ")";
        LoadedModel next = binder.loadOrThrow(model.toAbsolutePath(), slot.spec().input(), slot.spec().output(), where);
        String misfit = router != null ? misfit(id, next, router.loaded()) : null;
        if (misfit != null) {
            next.close();
            throw new BadInputException(misfit);
        }
        slot.replace(next);
    }

    /**
     * Injects a fault into one expert (see {@link Fault}), or clears it with {@link Fault#NONE}; the
     * grid's time limits, circuit breakers and failover act on it as on a real failure. Requests
     * already running finish as they began.
     */
    public void injectFault(String id, Fault fault) {
        slot(id).inject(fault);
    }

    /** The faults injected now, by expert id (experts without one are left out). */
    public Map<String, Fault> faults() {
        Map<String, Fault> out = new LinkedHashMap<>();
        experts.forEach((id, slot) -> {
            if (!slot.fault().isNone()) {
                out.put(id, slot.fault());
            }
        });
        return out;
    }

    /** A head on the encoder needs the grid's encoder, with the width it was trained on. */
    private static String encoderMisfit(LoadedModel m, EncoderStage encoder, String where) {
        int dims = InputAdapters.encodedDimensions(m.inputSpec(), m.model().signature());
        if (dims < 0) {
            return null;
        }
        if (encoder == null) {
            return where + ": a head on an encoder (input kind \"encoder\"), but the grid has no encoder";
        }
        return dims == encoder.dimensions() ? null : where + ": takes an embedding of " + dims + " dimensions, but the "
                + "grid's encoder gives " + encoder.dimensions();
    }

    /** Every expert of a routed grid sees the router's requests: its adapter must take the same kind. */
    private static String misfit(String id, LoadedModel expert, LoadedModel router) {
        if (expert.problem() != null || expert.inputSpec().requestKind().equals(router.inputSpec().requestKind())) {
            return null;
        }
        return "expert '" + id + "' (" + expert.source() + ") takes " + expert.inputSpec().requestKind()
                + " requests, but the router takes " + router.inputSpec().requestKind();
    }

    private ExpertSlot slot(String id) {
        ExpertSlot slot = experts.get(id);
        if (slot == null) {
            throw new BadInputException("no expert '" + id + "'; expected one of " + experts.keySet());
        }
        return slot;
    }

    public GridSpec spec() {
        return spec;
    }

    /** The folder model paths resolve against. */
    public Path baseDir() {
        return baseDir;
    }

    /**
     * Sends {@code requests} requests shaped from each usable expert's inputs straight to it (the router
     * left out) and returns what failed, one line per expert ("expert 'x': ..."); empty when every expert
     * answered. What export and verify run, so that a bundle that loads but cannot answer is refused.
     */
    public List<String> probeExperts(int requests) {
        List<String> failures = new ArrayList<>();
        for (ExpertSlot slot : experts.values()) {
            LoadedModel m = slot.loaded();
            if (m.problem() != null) {
                continue;
            }
            for (Request r : SampleRequests.make(m.inputSpec(), m.model().signature(), requests, 7)) {
                ExpertSlot.Outcome o = slot.call(encoder != null && r instanceof TextRequest t ? encoder.encode(t) : r);
                if (o.error() != null) {
                    failures.add("expert '" + slot.id() + "' does not answer a request shaped from its inputs ("
                            + SampleRequests.describe(m.inputSpec()) + "): " + o.error().message().replaceFirst("^expert '[^']*': ", ""));
                    break;
                }
            }
        }
        return failures;
    }

    /** Problems found while opening (experts that cannot load). */
    public List<String> warnings() {
        return warnings;
    }

    /** An expert's labels as its decoder knows them (empty when unknown or not a classifier). */
    public List<String> expertLabels(String id) {
        LoadedModel m = slot(id).loaded();
        return m.decoder() != null ? m.decoder().labels() : List.of();
    }

    public List<ExpertStatus> status() {
        return experts.values().stream().map(ExpertSlot::status).toList();
    }

    /** Direct access to the stages, for benchmarks that time them without the grid around them. */
    public Stages stages() {
        return new Stages(encoder, router, experts);
    }

    /** The width of the shared encoder's embedding, or 0 when the grid has none. */
    public int encoderDimensions() {
        return encoder == null ? 0 : encoder.dimensions();
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
        }
        if (router != null) {
            router.close();
        }
        experts.values().forEach(ExpertSlot::close);
    }
}
