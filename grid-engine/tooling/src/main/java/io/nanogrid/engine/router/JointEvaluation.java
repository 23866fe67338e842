package io.nanogrid.engine.router;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.task.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a mixed labelled stream (request, route, expert label) through a whole grid. */
public final class JointEvaluation {
    private static final int MISROUTES_PER_ROUTE = 5;

    private JointEvaluation() {
    }

    public static JointReport run(Grid grid, List<Example> stream, Progress progress) {
        Map<String, long[]> counts = new LinkedHashMap<>(); // n, routerRight, answered, expertRight, joint
        Map<String, Integer> listed = new LinkedHashMap<>();
        List<JointReport.Misroute> misroutes = new ArrayList<>();
        long joint = 0;
        long done = 0;
        for (Example e : stream) {
            progress.checkCancelled();
            GridResponse r = grid.route(e.request());
            long[] c = counts.computeIfAbsent(e.route(), k -> new long[5]);
            c[0]++;
            boolean routerRight = e.route().equals(r.routerChoice());
            boolean answered = e.route().equals(r.route()) && !r.fallback() && r.error() == null;
            boolean expertRight = answered && r.result() instanceof LabelAnswer a && a.label().equals(e.label());
            if (routerRight) {
                c[1]++;
            }
            if (answered) {
                c[2]++;
            }
            if (expertRight) {
                c[3]++;
                c[4]++;
                joint++;
            }
            if (!routerRight && listed.merge(e.route(), 1, Integer::sum) <= MISROUTES_PER_ROUTE) {
                String text = e.request() instanceof TextRequest t ? t.text() : e.request().kind();
                misroutes.add(new JointReport.Misroute(text.length() > 160 ? text.substring(0, 160) + "…" : text,
                        e.route(), r.routerChoice(), r.confidence() != null ? r.confidence() : 0, r.route()));
            }
            if (++done % 500 == 0) {
                progress.update(done, stream.size(), "joint evaluation: " + done + " of " + stream.size());
            }
        }
        List<JointReport.RouteFigures> per = new ArrayList<>();
        counts.forEach((route, c) -> per.add(new JointReport.RouteFigures(route, c[0], (double) c[1] / c[0],
                (double) c[2] / c[0], c[2] == 0 ? 0 : (double) c[3] / c[2], (double) c[4] / c[0])));
        return new JointReport(stream.size(), stream.isEmpty() ? 0 : (double) joint / stream.size(), per, misroutes);
    }
}
