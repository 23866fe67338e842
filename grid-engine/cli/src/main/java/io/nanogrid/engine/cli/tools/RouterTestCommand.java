package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.eval.ClassMetrics;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridTarget;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.router.Calibration;
import io.nanogrid.engine.router.JointEvaluation;
import io.nanogrid.engine.router.JointReport;
import io.nanogrid.engine.router.RouterDataOptions;
import io.nanogrid.engine.router.RouterMetrics;
import io.nanogrid.engine.router.RouterPool;
import io.nanogrid.engine.router.RouterReport;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.files.BadInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Test a grid's router and the whole grid on held-out requests: routing accuracy, macro-F1, "
                + "per-route precision and recall, confusion, calibration (ECE), coverage at the threshold, and joint "
                + "accuracy (router right and expert right).",
                "Default data: the experts' held-out data; --data replaces it."})
final class RouterTestCommand implements Callable<Integer> {
    @ParentCommand
    RouterCommand router;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "GRID", description = "The grid file.")
    Path grid;

    @Mixin
    RouterCommand.Common common;

    /** What `router test --json` prints: the router's figures, then the grid's. */
    record Report(long n, double accuracy, double macroF1, double ece, List<String> routes, long[][] confusion,
            double threshold, double coverage, double misrouteRate, double jointAccuracy, List<ClassMetrics> perRoute,
            List<Calibration.Bin> reliability, List<RouterReport.CurvePoint> curve, long oosN, Double oosFallbackShare,
            List<JointReport.RouteFigures> joint, List<JointReport.Misroute> misroutes) {
    }

    @Override
    public Integer call() {
        Path gridFile = grid.toAbsolutePath();
        GridSpec spec = GridFiles.read(gridFile);
        if (spec.router() == null) {
            throw new BadInputException(grid + ": the grid has no router to test");
        }
        // every option and file is checked before the held-out data is pooled
        RouterDataOptions options = common.dataOptions(spec, gridFile.getParent());
        PrintWriter err = spec().commandLine().getErr();
        Dataset extra = common.extra(err);
        List<Request> oos = common.oosRequests();
        List<Example> stream = extra != null ? routed(extra, spec) : RouterPool.build(spec, gridFile.getParent(),
                common.dataRoot(), null, options).test();
        if (stream.isEmpty()) {
            throw new BadInputException("no held-out requests to test on; give --data with columns text, route, label");
        }
        try (Grid whole = Grid.open(gridFile, router.root.runtime());
                Grid routerOnly = Grid.open(GridTarget.routerAlone(spec), gridFile.getParent(),
                        router.root.runtime())) {
            whole.warnings().forEach(w -> err.println("nanogrid: warning: " + w));
            RouterReport r = RouterMetrics.measure(routerOnly, spec.router().routes(), stream, oos,
                    spec.router().threshold());
            JointReport j = JointEvaluation.run(whole, stream, new ConsoleProgress(err));
            Report report = new Report(r.n(), r.accuracy(), r.macroF1(), r.ece(), r.routes(), r.confusion(),
                    r.threshold(), r.coverage(), r.misrouteRate(), j.jointAccuracy(), r.perRoute(), r.reliability(),
                    r.curve(), r.oosN(), r.oosFallbackShare(), j.perRoute(), j.misroutes());
            PrintWriter out = spec().commandLine().getOut();
            if (common.json) {
                out.println(Json.report().toJson(report));
            } else {
                printRouter(r, out);
                printJoint(j, out);
            }
        }
        return Cli.OK;
    }

    private CommandSpec spec() {
        return spec;
    }

    /** The user's requests, each with a route of the grid. */
    private static List<Example> routed(Dataset extra, GridSpec spec) {
        for (Example e : extra.examples()) {
            if (!spec.router().routes().contains(e.route())) {
                throw new BadInputException(extra.source() + " line " + e.line() + ": route '" + e.route()
                        + "' is not a route of the grid; expected one of " + spec.router().routes());
            }
        }
        return extra.examples();
    }

    static void printRouter(RouterReport r, PrintWriter out) {
        out.printf("routing     %s held-out requests: accuracy %.4f, macro-F1 %.4f, ECE %.4f%n",
                Formats.count(r.n()), r.accuracy(), r.macroF1(), r.ece());
        out.printf("threshold   %.4f: coverage %.2f%%, misroute rate %.3f%%%n", r.threshold(), 100 * r.coverage(),
                100 * r.misrouteRate());
        if (r.oosFallbackShare() != null) {
            out.printf("out of scope %s requests: %.1f%% reach the fallback%n", Formats.count(r.oosN()),
                    100 * r.oosFallbackShare());
        }
        out.printf("%-12s %9s %9s %9s%n", "route", "precision", "recall", "support");
        for (ClassMetrics c : r.perRoute()) {
            out.printf("%-12s %9.4f %9.4f %9d%n", c.label(), c.precision(), c.recall(), c.support());
        }
        out.printf("confusion   (rows: true, columns: routed to) %s%n", r.routes());
        for (int i = 0; i < r.routes().size(); i++) {
            out.printf("  %-10s %s%n", r.routes().get(i), Arrays.toString(r.confusion()[i]));
        }
    }

    static void printJoint(JointReport j, PrintWriter out) {
        out.printf("joint       %.4f of %s requests answered right end to end%n", j.jointAccuracy(),
                Formats.count(j.n()));
        out.printf("%-12s %7s %9s %9s %9s %9s%n", "route", "n", "router", "coverage", "expert", "joint");
        for (JointReport.RouteFigures f : j.perRoute()) {
            out.printf("%-12s %7d %9.4f %9.4f %9.4f %9.4f%n", f.route(), f.n(), f.routerAccuracy(), f.coverage(),
                    f.expertAccuracy(), f.jointAccuracy());
        }
        for (JointReport.Misroute m : j.misroutes()) {
            out.printf("misrouted   [%s -> %s %.2f] %s%n", m.route(), m.routedTo(), m.confidence(), m.text());
        }
    }
}
