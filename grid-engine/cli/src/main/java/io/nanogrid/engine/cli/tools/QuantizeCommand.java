package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.quant.QuantizeReport;
import io.nanogrid.engine.quant.QuantizeService;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import io.nanogrid.quantizer.rewrite.SkippedWeight;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Quantize a model's weights to 8, 4 or 2 bits.",
                "MatMul and Gemm, Gather on embedding tables, Conv. Reports every tensor (bits per weight with scales "
                + "and zero points, RMSE/sigma), file bytes and resident bytes (measured) before and after.",
                "Exit 1 when there is nothing to quantize."})
final class QuantizeCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IN.onnx", description = "The float model.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.onnx", description = "Where to write.")
    Path output;

    @Option(names = "--bits", required = true, paramLabel = "8|4|2", description = "Bits per weight code.")
    String bits;

    @Option(names = "--block", paramLabel = "N", description = "Values per scale, a power of two from 16 to 256 "
            + "(default: ${DEFAULT-VALUE}).")
    String block = "32";

    @Option(names = "--method", paramLabel = "rtn|search", description = "rtn: round to nearest; search: clip "
            + "candidates and a least-squares scale (default: ${DEFAULT-VALUE}).")
    String method = "search";

    @Option(names = "--symmetric", description = "No zero points (codes centred on zero); default asymmetric.")
    boolean symmetric;

    @Option(names = "--format", paramLabel = "nbits|qdq|dynamic", description = "nbits: ONNX Runtime's MatMulNBits; "
            + "qdq: standard DequantizeLinear -> MatMul, opset 21 (25 for 2-bit); dynamic: int8 weights per channel "
            + "and activations quantized at every call (DynamicQuantizeMatMul; --bits 8) (default: ${DEFAULT-VALUE}).")
    String format = "nbits";

    @Option(names = "--gather", paramLabel = "dq|unpack|gbq", description = "Embedding tables: dq (Gather of packed "
            + "rows, one DequantizeLinear; opset 13-21), unpack (Cast/Sub/Mul instead of DequantizeLinear, opset 18, "
            + "slower) or gbq (ONNX Runtime's GatherBlockQuantized, slowest) (default: ${DEFAULT-VALUE}).")
    String gather = "dq";

    @Option(names = "--keep", paramLabel = "NAME", split = ",", description = "Tensor or node names to keep in float "
            + "(repeat or separate with commas), e.g. the first and last layers.")
    List<String> keep = new ArrayList<>();

    @Option(names = "--min-elements", paramLabel = "N", description = "Weights with fewer values stay float "
            + "(default: ${DEFAULT-VALUE}).")
    long minElements = QuantizeOptions.DEFAULT_MIN_ELEMENTS;

    @Option(names = "--accuracy-level", paramLabel = "N", hidden = true, description = "MatMulNBits accuracy_level.")
    int accuracyLevel = QuantizeOptions.DEFAULT_ACCURACY_LEVEL;

    @Option(names = "--force", description = "Allow the output to be the input file.")
    boolean force;

    @Option(names = "--no-resident", description = "Do not measure resident memory (faster).")
    boolean noResident;

    @Option(names = "--json", description = "Print JSON (keys tensors, skipped, inputFileBytes, outputFileBytes, "
            + "inputResidentBytes, outputResidentBytes, ...).")
    boolean json;

    @Override
    public Integer call() {
        QuantSpec qs = new QuantSpec(QuantOptions.bits(bits, "--bits"), QuantOptions.block(block, "--block"),
                QuantOptions.method(method, "--method"), symmetric);
        QuantizeOptions options = QuantizeOptions.of(qs).withFormat(QuantOptions.format(format, qs.bits()))
                .withKeep(new LinkedHashSet<>(keep)).withMinElements(minElements).withAccuracyLevel(accuracyLevel)
                .withGather(QuantOptions.gather(gather));
        QuantizeService.Outcome o = new QuantizeService(root.runtime(), ModelQuantizer.standard())
                .quantize(input, output, options, force, !noResident, new ConsoleProgress(spec.commandLine().getErr()));
        PrintWriter out = spec.commandLine().getOut();
        QuantizeReport r = o.report();
        if (json) {
            out.println(Json.gson().toJson(r));
        } else {
            text(r, out);
        }
        if (o.nothingQuantized()) {
            spec.commandLine().getErr().println("nanogrid: nothing to quantize in " + input + ": " + summary(r.skipped()));
            return Cli.PROBLEM;
        }
        return Cli.OK;
    }

    private static String summary(List<SkippedWeight> skipped) {
        if (skipped.isEmpty()) {
            return "it has no float weights";
        }
        SkippedWeight first = skipped.get(0);
        return skipped.size() + " float weight(s) stay as they are; " + first.name() + ": " + first.reason();
    }

    private static void text(QuantizeReport r, PrintWriter out) {
        if (r.output() != null) {
            out.printf("model       %s (%s) -> %s (%s)%n", r.input(), Formats.bytes(r.inputFileBytes()), r.output(),
                    Formats.bytes(r.outputFileBytes()));
            out.printf("quantized   %d-bit, block %d, %s, %s; %s%n", r.bits(), r.block(), r.method(),
                    r.symmetric() ? "symmetric" : "asymmetric", r.format());
            if (r.outputResidentBytes() != null) {
                out.printf("resident    %s -> %s per loaded copy (measured)%n", Formats.bytes(r.inputResidentBytes()),
                        Formats.bytes(r.outputResidentBytes()));
            }
            out.printf("weights     %s -> %s in %d tensors%n", Formats.bytes(r.weightBytesBefore()),
                    Formats.bytes(r.weightBytesAfter()), r.tensors().size());
            out.printf("%n%-28s %-16s %-34s %9s %10s %10s%n", "tensor", "shape", "stored as", "bits/w", "rmse/sigma",
                    "bytes");
            for (TensorReport t : r.tensors()) {
                out.printf("%-28s %-16s %-34s %9s %10s %10s%n", abbreviate(t.name(), 28), shape(t.shape()),
                        abbreviate(t.storedAs(), 34), Formats.fixed(t.bitsPerWeight(), 3), Formats.fixed(t.rmse(), 4),
                        Formats.bytes(t.bytesAfter()));
            }
        }
        if (!r.skipped().isEmpty()) {
            out.printf("%nkept float  %d tensors (%s)%n", r.skipped().size(),
                    Formats.bytes(r.skipped().stream().mapToLong(SkippedWeight::bytes).sum()));
            for (SkippedWeight s : r.skipped()) {
                out.printf("  %-26s %-16s %s%n", abbreviate(s.name(), 26), shape(s.shape()), s.reason());
            }
        }
        r.notes().forEach(n -> out.printf("note        %s%n", n));
    }

    static String shape(long[] dims) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i > 0 ? "," : "").append(dims[i]);
        }
        return b.append(']').toString().toLowerCase(Locale.ROOT);
    }

    static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
