package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.json.Json;
import io.nanogrid.files.BadInputException;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.QuantBench;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "quant-bench", mixinStandardHelpOptions = true,
        description = {"Quality and speed of the quantizer on Gaussian floats, on one thread.",
                "Fixed seed. Bits per weight, RMSE/sigma and Mfloat/s for 8/4/2 bits x block 32/128 x rtn/search x "
                + "symmetric/asymmetric, beside the machine's floor from the same run (reading the floats, writing an "
                + "eighth of their bytes).",
                "Speeds count the thread's CPU time; wall-clock speeds are in the JSON too."})
final class QuantBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--floats", paramLabel = "N", description = "How many floats: a number, or with Ki/Mi/Gi or "
            + "K/M/G (default: 64Mi).")
    String floats = "64Mi";

    @Option(names = "--json", description = "Print a JSON array of rows (keys bits, block, method, symmetric, "
            + "bitsPerWeight, rmse, mfloatsPerSecond, floorMfloatsPerSecond, wallMfloatsPerSecond, outputRmse).")
    boolean json;

    @Override
    public Integer call() {
        long n = count(floats);
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr());
        List<QuantBench.Row> rows = new QuantBench(new FastQuantizer()).run(n, m -> progress.update(0, -1, m));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.gson().toJson(rows));
            return Cli.OK;
        }
        out.printf("%s Gaussian floats, seed %d, one thread; floor (read the floats, write 1/8 of their bytes) "
                + "%s Mfloat/s; rtn kernel: %s; search kernel: %s%n%n", Formats.count(n), QuantBench.SEED,
                Formats.fixed(rows.get(0).floorMfloatsPerSecond(), 0), FastQuantizer.rtnKernel(),
                FastQuantizer.searchKernel());
        if (!FastQuantizer.rtnKernel().startsWith("vector")) {
            out.println("(rtn runs about 3x faster and search 3-7x with the JDK's vector API: NANOGRID_VECTOR=on "
                    + "./nanogrid quant-bench; see the README)");
            out.println();
        }
        out.printf("%4s %5s %-12s %-10s %9s %10s %10s %9s%n", "bits", "block", "method", "zero point", "bits/w",
                "rmse/sigma", "Mfloat/s", "of floor");
        for (QuantBench.Row r : rows) {
            if (r.outputRmse() == null) {
                out.printf("%4d %5d %-12s %-10s %9s %10s %10s %8s%%%n", r.bits(), r.block(), r.method(),
                        r.symmetric() ? "none" : "yes", Formats.fixed(r.bitsPerWeight(), 3), Formats.fixed(r.rmse(), 4),
                        Formats.fixed(r.mfloatsPerSecond(), 0),
                        Formats.fixed(100 * r.mfloatsPerSecond() / r.floorMfloatsPerSecond(), 0));
            }
        }
        out.printf("%ncalibrated layer: %dx%d Gaussian weights, inputs from %d correlated factors (%d rows); out rmse: "
                + "the layer's output RMSE on them, relative%n", QuantBench.LAYER, QuantBench.LAYER, QuantBench.LATENT,
                QuantBench.CALIBRATION_ROWS);
        out.printf("%4s %5s %-12s %-10s %9s %10s %10s %10s%n", "bits", "block", "method", "zero point", "bits/w",
                "rmse/sigma", "out rmse", "Mfloat/s");
        for (QuantBench.Row r : rows) {
            if (r.outputRmse() != null) {
                out.printf("%4d %5d %-12s %-10s %9s %10s %10s %10s%n", r.bits(), r.block(), r.method(),
                        r.symmetric() ? "none" : "yes", Formats.fixed(r.bitsPerWeight(), 3), Formats.fixed(r.rmse(), 4),
                        Formats.fixed(r.outputRmse(), 4), Formats.fixed(r.mfloatsPerSecond(), 1));
            }
        }
        return Cli.OK;
    }

    static long count(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"ki", "1024"}, {"mi", "1048576"}, {"gi", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
            {"g", "1000000000"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            long n = Long.parseLong(t.strip()) * mul;
            if (n < 1024 || n > Integer.MAX_VALUE - 8) {
                throw new BadInputException("--floats " + s + ": expected from 1024 to about 2 billion");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException("--floats " + s + ": expected a number such as 1000000, 64Mi or 16M");
        }
    }
}
