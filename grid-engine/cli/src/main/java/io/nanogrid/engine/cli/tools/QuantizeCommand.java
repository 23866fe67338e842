package io.nanogrid.engine.cli.tools;

import io.nanogrid.engine.cli.AdapterOptions;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.ConsoleProgress;
import io.nanogrid.engine.cli.Formats;
import io.nanogrid.engine.cli.NumberChecks;
import io.nanogrid.engine.cli.RootCommand;
import io.nanogrid.engine.json.Json;
import io.nanogrid.engine.quant.BitsPlanner;
import io.nanogrid.engine.quant.CalibrationData;
import io.nanogrid.engine.quant.QuantizeReport;
import io.nanogrid.engine.quant.QuantizeService;
import io.nanogrid.files.BadInputException;
import io.nanogrid.quantizer.quant.ProductCodebook;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.OutputFormat;
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
import picocli.CommandLine.Mixin;
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

    @Option(names = "--table-bits", paramLabel = "8|4|2", description = "Embedding tables (weights only Gather "
            + "reads): their own bits per code (default: --bits). A table costs no multiply time, so its width "
            + "trades file size against accuracy only.")
    String tableBits;

    @Option(names = "--table-block", paramLabel = "N", description = "Embedding tables: their own block, a power of "
            + "two from 16 to 256 (default: --block). Long blocks make MatMulNBits faster; a Gather's time does not "
            + "depend on its block.")
    String tableBlock;

    @Option(names = "--table-codebook", paramLabel = "D", description = "Embedding tables as product-quantization "
            + "codebooks: each row cut into sub-vectors of D values (1 to 16, dividing the row), 256 k-means centroids "
            + "per sub-vector position, one uint8 code per sub-vector: 8/D bits per value plus the codebook "
            + "(e.g. 4: 2 bpw, 6: 1.33, 8: 1). Standard operators (Gather, Cast, Add, Reshape); not with --table-bits.")
    String tableCodebook;

    @Option(names = "--keep", paramLabel = "NAME", split = ",", description = "Tensor or node names to keep in float "
            + "(repeat or separate with commas), e.g. the first and last layers.")
    List<String> keep = new ArrayList<>();

    @Option(names = "--min-elements", paramLabel = "N", description = "Weights with fewer values stay float "
            + "(default: ${DEFAULT-VALUE}).")
    long minElements = QuantizeOptions.DEFAULT_MIN_ELEMENTS;

    @Option(names = "--accuracy-level", paramLabel = "N", hidden = true, description = "MatMulNBits accuracy_level.")
    int accuracyLevel = QuantizeOptions.DEFAULT_ACCURACY_LEVEL;

    @Option(names = "--calibration", paramLabel = "DATA", description = "Calibration examples: text (one a line; "
            + "with --tokenizer for a transformer), images (a folder, an image, an IDX file) or an .npy array "
            + "[N, ...]. "
            + "MatMul/Gemm codes are then chosen for each layer's output on them (GPTQ), not for the weight.")
    Path calibration;

    @Option(names = "--calibration-limit", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "At most N calibration examples (default: ${DEFAULT-VALUE}).")
    int calibrationLimit = 128;

    @Option(names = "--target-bpw", paramLabel = "X", description = "Mixed precision: measure each weight's effect "
            + "on the output at 8, 4 and 2 bits on the calibration data, then choose bits per weight for an average of "
            + "X stored bits per weight (scales and zero points included; 2 to 8) with the least loss. Needs "
            + "--calibration.")
    Double targetBpw;

    @Option(names = "--sensitivity-examples", paramLabel = "N", converter = NumberChecks.AtLeastOne.class,
            description = "Calibration examples each sensitivity run uses (default: ${DEFAULT-VALUE}).")
    int sensitivityExamples = 32;

    @Mixin
    AdapterOptions adapter;

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
                .withGather(QuantOptions.gather(gather))
                .withTables(tableBits == null ? null : QuantOptions.bits(tableBits, "--table-bits"),
                        tableBlock == null ? null : QuantOptions.block(tableBlock, "--table-block"));
        if (tableCodebook != null) {
            options = options.withTableCodebook(codebook(tableCodebook));
        }
        if (tableBits != null && targetBpw != null) {
            throw new BadInputException("--table-bits and --target-bpw: the plan chooses the tables' bits too; give one "
                    + "of them");
        }
        if (tableCodebook != null && targetBpw != null) {
            // the plan measures every weight at 8, 4 and 2 bits, tables too; a codebook is not among its choices
            throw new BadInputException("--table-codebook and --target-bpw: the plan chooses the tables' bits too, "
                    + "as block codes; give one of them (a codebook table beside 4-bit matrices: --bits 4 "
                    + "--table-codebook D)");
        }
        if (targetBpw != null && !(targetBpw >= BitsPlanner.MIN_TARGET && targetBpw <= BitsPlanner.MAX_TARGET)) {
            throw new BadInputException("--target-bpw " + targetBpw + ": expected a number of bits per weight from 2 "
                    + "to 8");
        }
        if (targetBpw != null && calibration == null) {
            throw new BadInputException("--target-bpw needs --calibration DATA: each weight's effect on the output is "
                    + "measured on it");
        }
        if (targetBpw != null && options.format() == OutputFormat.DYNAMIC) {
            throw new BadInputException("--target-bpw mixes 8, 4 and 2 bits; --format dynamic is int8 only");
        }
        QuantizeService.CalibrationInput cal = calibration == null ? null : new QuantizeService.CalibrationInput(
                CalibrationData.read(calibration, calibrationLimit), adapter.input(null), targetBpw,
                sensitivityExamples);
        if (cal == null && adapter.given()) {
            throw new BadInputException("--tokenizer, --scale and --layout feed --calibration data; give "
                    + "--calibration");
        }
        QuantizeService.Outcome o = new QuantizeService(root.runtime(), ModelQuantizer.standard())
                .quantize(input, output, options, cal, force, !noResident,
                        new ConsoleProgress(spec.commandLine().getErr()));
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

    /** --table-codebook D: 1 to 16 values per sub-vector, and no --table-bits beside it. */
    private int codebook(String d) {
        if (tableBits != null) {
            throw new BadInputException("--table-codebook and --table-bits: a table is either a codebook or block codes; "
                    + "give one of them");
        }
        int sub;
        try {
            sub = Integer.parseInt(d.strip());
        } catch (NumberFormatException e) {
            sub = -1;
        }
        if (sub < 1 || sub > ProductCodebook.MAX_SUB) {
            throw new BadInputException("--table-codebook " + d + ": expected the values per sub-vector, 1 to "
                    + ProductCodebook.MAX_SUB);
        }
        return sub;
    }

    private static String summary(List<SkippedWeight> skipped) {
        if (skipped.isEmpty()) {
            return "it has no float weights";
        }
        SkippedWeight first = skipped.get(0);
        return skipped.size() + " float weight(s) stay as they are; " + first.name() + ": " + first.reason();
    }

    private static void text(QuantizeReport r, PrintWriter out) {
        if (r.sensitivity() != null) {
            SensitivityTable.print(r.sensitivity(), r.tensors(), out);
            out.printf("planned     %s bits per weight on average, predicted output error %s%n%n",
                    Formats.fixed(r.bitsPerWeight(), 3), Formats.fixed(r.predictedError(), 4));
        }
        if (r.output() != null) {
            out.printf("model       %s (%s) -> %s (%s)%n", r.input(), Formats.bytes(r.inputFileBytes()), r.output(),
                    Formats.bytes(r.outputFileBytes()));
            out.printf("quantized   %s, block %d, %s, %s; %s; %s bits per weight stored%n", bitsOf(r), r.block(),
                    r.method(), r.symmetric() ? "symmetric" : "asymmetric", r.format(),
                    Formats.fixed(r.bitsPerWeight(), 3));
            if (r.calibration() != null) {
                out.printf("calibrated  on %d examples of %s (out err: the layer's output RMSE on them, relative)%n",
                        r.calibrationExamples(), r.calibration());
            }
            if (r.outputResidentBytes() != null) {
                out.printf("resident    %s -> %s per loaded copy (measured)%n", Formats.bytes(r.inputResidentBytes()),
                        Formats.bytes(r.outputResidentBytes()));
            }
            out.printf("weights     %s -> %s in %d tensors%n", Formats.bytes(r.weightBytesBefore()),
                    Formats.bytes(r.weightBytesAfter()), r.tensors().size());
            boolean calibrated = r.calibration() != null;
            out.printf("%n%-28s %-16s %-34s %4s %9s %10s%s %10s%n", "tensor", "shape", "stored as", "bits", "bits/w",
                    "rmse/sigma", calibrated ? String.format(" %8s", "out err") : "", "bytes");
            for (TensorReport t : r.tensors()) {
                out.printf("%-28s %-16s %-34s %4d %9s %10s%s %10s%n", abbreviate(t.name(), 28), shape(t.shape()),
                        abbreviate(t.storedAs(), 34), t.bits(), Formats.fixed(t.bitsPerWeight(), 3),
                        Formats.fixed(t.rmse(), 4), calibrated ? String.format(" %8s", t.outputError() == null ? "-"
                                : Formats.fixed(t.outputError(), 4)) : "", Formats.bytes(t.bytesAfter()));
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
        r.warnings().forEach(w -> out.printf("WORSE       %s%n", w));
    }

    /** "4-bit", or "mixed 2/4/8-bit" when the tensors differ; ", codebook tables" when tables are codebooks. */
    static String bitsOf(QuantizeReport r) {
        List<Integer> widths = r.tensors().stream().filter(t -> !codebook(t)).map(TensorReport::bits).distinct()
                .sorted().toList();
        String tables = r.tensors().stream().anyMatch(QuantizeCommand::codebook) ? ", codebook tables" : "";
        if (widths.size() <= 1) {
            return (widths.isEmpty() ? r.bits() : widths.get(0)) + "-bit" + tables;
        }
        return "mixed " + String.join("/", widths.stream().map(String::valueOf).toList()) + "-bit" + tables;
    }

    private static boolean codebook(TensorReport t) {
        return "codebook".equals(t.method());
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
