package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.quant.Sensitivity;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.io.PrintWriter;
import java.util.List;

/** Prints a {@link Sensitivity}: a row per weight, its output error at each width and the bits chosen. */
final class SensitivityTable {
    private SensitivityTable() {
    }

    /** @param chosen the tensors as quantized (their bits are marked), or an empty list */
    static void print(Sensitivity s, List<TensorReport> chosen, PrintWriter out) {
        out.printf("sensitivity relative output error with one weight quantized alone, %d examples of %s, block %d%n",
                s.examples(), s.data(), s.block());
        StringBuilder head = new StringBuilder(String.format("%-28s %-8s %10s", "weight", "op", "values"));
        for (int b : s.widths()) {
            head.append(String.format(" %9s", b + "-bit"));
        }
        out.println(head.append(chosen.isEmpty() ? "" : "  chosen"));
        for (Sensitivity.Row r : s.rows()) {
            StringBuilder line = new StringBuilder(String.format("%-28s %-8s %10s", QuantizeCommand.abbreviate(
                    r.weight(), 28), r.op(), Formats.count(r.values())));
            for (int b : s.widths()) {
                line.append(String.format(" %9s", Formats.fixed(r.error().get(b), 4)));
            }
            chosen.stream().filter(t -> t.name().equals(r.weight())).findFirst()
                    .ifPresent(t -> line.append(String.format("  %d", t.bits())));
            out.println(line);
        }
        out.println();
    }
}
