package io.nanogrid.app.routerlab;

import io.nanogrid.engine.router.RouterComparison;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The before/after table's rows: each figure of the router being replaced beside the new one's, and the change. */
public final class BeforeAfter {
    /** One figure: as text, before and after, and the change in points (or in value, for the threshold). */
    public record Row(String figure, String before, String after, String change) {
    }

    private BeforeAfter() {
    }

    public static List<Row> rows(RouterComparison c) {
        RouterComparison.Figures b = c.before();
        RouterComparison.Figures a = c.after();
        return List.of(
                share("routing, the grid's held-out set", b, a, f -> f.heldOutAccuracy(), f -> f.heldOutN(), ""),
                share("routing, your requests (held out)", b, a, RouterComparison.Figures::userAccuracy,
                        f -> f.userN(), "none held out"),
                share("out of scope, to the fallback", b, a, RouterComparison.Figures::oosFallbackShare,
                        f -> f.oosN(), "no out-of-scope set"),
                share("answered at the threshold", b, a, f -> f.coverage(), f -> f.heldOutN(), ""),
                new Row("threshold", b == null ? "-" : number(b.threshold()), number(a.threshold()),
                        b == null ? "" : String.format(Locale.ROOT, "%+.3f", a.threshold() - b.threshold())));
    }

    private static Row share(String figure, RouterComparison.Figures b, RouterComparison.Figures a,
            Function<RouterComparison.Figures, Double> value, Function<RouterComparison.Figures, Long> n,
            String none) {
        Double before = b == null ? null : value.apply(b);
        Double after = value.apply(a);
        String change = before == null || after == null ? "" : String.format(Locale.ROOT, "%+.1f points",
                100 * (after - before));
        return new Row(figure, b == null ? "-" : text(before, n.apply(b), none), text(after, n.apply(a), none),
                change);
    }

    private static String text(Double share, long n, String none) {
        return share == null ? (none.isEmpty() ? "-" : none) : String.format(Locale.ROOT, "%.1f%% of %d", 100 * share,
                n);
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, "%.3f", x);
    }
}
