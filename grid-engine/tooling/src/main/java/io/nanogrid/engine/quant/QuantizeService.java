package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.files.StaleTemps;
import io.nanogrid.onnx.ExternalData;
import io.nanogrid.onnx.Initializers;
import io.nanogrid.onnx.OnnxModels;
import io.nanogrid.onnx.WeightBits;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.OutputFormat;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import io.nanogrid.quantizer.rewrite.QuantizeResult;
import io.nanogrid.quantizer.rewrite.SkipLayerNorms;
import io.nanogrid.quantizer.rewrite.TensorReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Quantizes a model file into another: reads it (with its external data), rewrites it, writes the
 * result beside the target under a temporary name, has ONNX Runtime load it, and only then renames
 * it into place. An error anywhere leaves no output and an existing file untouched.
 */
public final class QuantizeService {
    /** Models above this size are written with external data (protobuf files stop at 2 GB). */
    static final long EXTERNAL_ABOVE = 1L << 30;
    /** Tensors of at least this many bytes go to the external data file. */
    static final long EXTERNAL_TENSOR_BYTES = 1024;

    /** Writes a model file; replaceable in tests to fail half-way. */
    @FunctionalInterface
    public interface ModelWriter {
        void write(ModelProto model, Path file);
    }

    /** The result: the report, and null output when nothing was quantized. */
    public record Outcome(QuantizeReport report, QuantizeResult result) {
        public boolean nothingQuantized() {
            return result.quantized().isEmpty();
        }
    }

    private final ModelLoader loader;
    private final ModelQuantizer quantizer;
    private final ModelWriter writer;

    public QuantizeService(ModelLoader loader, ModelQuantizer quantizer) {
        this(loader, quantizer, OnnxModels::write);
    }

    public QuantizeService(ModelLoader loader, ModelQuantizer quantizer, ModelWriter writer) {
        this.loader = loader;
        this.quantizer = quantizer;
        this.writer = writer;
    }

    /**
     * Calibration examples and how to feed them to the model (null adapter: the model's metadata, else a
     * guess); files the adapter names are relative to the working folder.
     */
    public record CalibrationInput(CalibrationData data, InputSpec adapter, Double targetBpw, int sensitivityExamples) {
        public CalibrationInput(CalibrationData data, InputSpec adapter) {
            this(data, adapter, null, 0);
        }
    }

    public Outcome quantize(Path in, Path out, QuantizeOptions options, boolean force, boolean measureResident,
            Progress progress) {
        return quantize(in, out, options, null, force, measureResident, progress);
    }

    /** As above; with {@code calibration}, MatMul/Gemm codes are chosen for the output error on its examples. */
    public Outcome quantize(Path in, Path out, QuantizeOptions options, CalibrationInput calibration, boolean force,
            boolean measureResident, Progress progress) {
        if (Files.isDirectory(out)) {
            throw new BadInputException("-o " + out + " is a folder; give the output model's file name");
        }
        if (AtomicFiles.isSameFile(in, out) && !force) {
            throw new BadInputException("refusing to overwrite the input model " + in
                    + " with its quantized form; give another -o, or add --force");
        }
        byte[] bytes = OnnxModels.readBytes(in);
        ModelProto source = OnnxModels.parse(bytes, in.toString());
        boolean external = ExternalData.uses(source);
        Path dir = in.toAbsolutePath().getParent();
        ModelProto model = ExternalData.load(source, dir);
        // the input is checked before anything reads it: its weights against their shapes, then ONNX Runtime
        // loads it, so that what the runtime refuses is refused here (exit 2) rather than failing mid-rewrite
        // or, worse, becoming a loadable output
        Initializers.check(model, in.toString());
        try (Model check = loader.load(in)) {
            check.signature();
        }
        String sha = sha256(bytes);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put(ModelQuantizer.META_PREFIX + "source_sha256", sha);
        provenance.put(ModelQuantizer.META_PREFIX + "source", in.getFileName().toString());
        provenance.put(ModelQuantizer.META_PREFIX + "tool", "nanogrid quantize");
        Sensitivity sensitivity = null;
        BitsPlanner.Plan plan = null;
        if (calibration != null) {
            options = options.withCalibration(new Calibrator(loader).record(model, in.toString(), calibration.adapter(),
                    Path.of("."), calibration.data(), progress));
            if (calibration.targetBpw() != null) {
                List<Map<String, Value>> feeds;
                try (Model m = loader.load(in)) {
                    feeds = Calibrator.feeds(m.signature(), in.toString(), calibration.adapter(), Path.of("."),
                            calibration.data(), calibration.sensitivityExamples());
                }
                sensitivity = new SensitivityMeter(loader, quantizer).measure(model, options, feeds, WeightBits.WIDTHS,
                        calibration.data().source().getFileName().toString(), progress);
                plan = BitsPlanner.plan(sensitivity, calibration.targetBpw());
                options = options.withBitsByWeight(plan.bits());
            }
        }
        progress.update(0, -1, "quantizing " + in.getFileName());
        QuantizeResult result = quantizer.quantize(model, options, provenance);
        if (!result.unmatchedKeep().isEmpty()) {
            throw new BadInputException("--keep " + result.unmatchedKeep().get(0) + ": no tensor or node of that name in "
                    + in);
        }
        if (!result.quantized().isEmpty() && options.format() != OutputFormat.QDQ) {
            result = withFusedNorms(result, in);
        }
        long inputBytes = ResidentMeter.fileBytes(in);
        if (result.quantized().isEmpty()) {
            return new Outcome(report(in, null, options, sha, inputBytes, -1, null, null, result, null, sensitivity, plan),
                    result);
        }
        Path data = write(result.model(), out, external || result.model().getSerializedSize() > EXTERNAL_ABOVE);
        Long before = null;
        Long after = null;
        if (measureResident) {
            progress.update(0, -1, "measuring resident memory");
            before = new ResidentMeter(loader).measure(in, progress);
            after = new ResidentMeter(loader).measure(out, progress);
        }
        return new Outcome(report(in, out, options, sha, inputBytes, ResidentMeter.fileBytes(out), before, after,
                result, data, sensitivity, plan), result);
    }

    /**
     * The quantized model with its residual Adds and layer norms fused ({@link SkipLayerNorms}; the formats but
     * qdq already use ONNX Runtime's own operators) when it answers a probe request like the source; otherwise as
     * it was, with a note saying why.
     */
    private QuantizeResult withFusedNorms(QuantizeResult result, Path in) {
        if (result.model().getSerializedSize() > EXTERNAL_ABOVE) {
            return result;
        }
        SkipLayerNorms.Fused fused = SkipLayerNorms.fuse(result.model());
        if (fused.count() == 0) {
            return result;
        }
        List<String> notes = new ArrayList<>(result.notes());
        String refusal = FusionProbe.refusal(loader, in, fused.model().toByteArray());
        if (refusal != null) {
            notes.add(fused.count() + " residual Add + layer norm pair(s) left apart: fused into ONNX Runtime's "
                    + "SkipLayerNormalization they failed a probe request: " + refusal);
            return new QuantizeResult(result.model(), result.quantized(), result.skipped(), notes,
                    result.unmatchedKeep());
        }
        notes.add(fused.count() + " residual Add + layer norm pair(s) fused into ONNX Runtime's SkipLayerNormalization "
                + "(the same function; its CPU kernel is faster than the float model's separate nodes)");
        return new QuantizeResult(fused.model(), result.quantized(), result.skipped(), notes, result.unmatchedKeep());
    }

    /**
     * Writes under a temporary name beside the target, loads it in ONNX Runtime, then renames it
     * into place. Returns the external data file written, or null.
     */
    private Path write(ModelProto model, Path out, boolean external) {
        Path target = out.toAbsolutePath();
        Path tmp = null;
        Path[] data = {null};
        boolean done = false;
        try {
            Files.createDirectories(target.getParent());
            StaleTemps.remove(target.getParent(), AtomicFiles.temporaryGlob(target.getFileName().toString(),
                    ".tmp.onnx"));
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp.onnx");
            ModelProto toWrite = external ? ExternalData.save(model, target, EXTERNAL_TENSOR_BYTES, data) : model;
            writer.write(toWrite, tmp);
            try (Model check = loader.load(tmp)) {
                check.signature();
            } catch (BadInputException e) {
                throw new IllegalStateException("ONNX Runtime refused the quantized model, so nothing was written: "
                        + e.getMessage().replace("cannot load " + tmp + ": ", ""), e);
            }
            AtomicFiles.matchPermissions(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            ExternalData.removeStale(target, data[0]);
            return data[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + IoReasons.of(e), e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
                deleteQuietly(data[0]);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // nothing more can be done; the target was never touched
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isDynamic(TensorReport t) {
        return t.storedAs().contains("dynamic") || t.storedAs().startsWith("DynamicQuantizeMatMul");
    }

    private static QuantizeReport report(Path in, Path out, QuantizeOptions o, String sha, long inBytes, long outBytes,
            Long before, Long after, QuantizeResult r, Path data, Sensitivity sensitivity, BitsPlanner.Plan plan) {
        int block = r.quantized().stream().mapToInt(t -> t.op().equals("Conv") || isDynamic(t) ? 0 : t.block()).max()
                .orElse(o.spec().block());
        block = block == 0 ? o.spec().block() : block;
        List<String> notes = new ArrayList<>(r.notes());
        if (r.quantized().stream().anyMatch(QuantizeService::isDynamic)) {
            notes.add("MatMul/Gemm weights: int8 with one scale per output channel; their inputs are quantized to "
                    + "uint8 at every call (dynamic); embedding tables and Conv weights: " + o.spec().bits()
                    + "-bit blocks as listed");
        }
        if (o.tableCodebook() != null && r.quantized().stream().noneMatch(t -> "codebook".equals(t.method()))) {
            notes.add("--table-codebook " + o.tableCodebook() + ": no table became a codebook (no weight here is read "
                    + "only by a Gather, or a codebook would not make it smaller); the weights are as listed");
        }
        if (block < o.spec().block()) {
            notes.add(String.format(Locale.ROOT, "block %d, not the %d asked: no quantized row has more than %d "
                    + "values (a block never spans two rows)", block, o.spec().block(), block));
        }
        long values = r.quantized().stream().mapToLong(t -> t.bytesBefore() / 4).sum();
        List<String> warnings = new ArrayList<>();
        if (before != null && after != null && after >= before) {
            warnings.add(String.format(Locale.ROOT, "the quantized model takes more memory than the float one: %d "
                    + "bytes resident per loaded copy against %d (the weights are too small for their quantized form "
                    + "to pay for its extra operators)", after, before));
        }
        boolean calibrated = r.quantized().stream().anyMatch(t -> t.outputError() != null);
        String method = (calibrated ? "gptq+" : "") + o.spec().method().wireName()
                + (r.quantized().stream().anyMatch(t -> "codebook".equals(t.method())) ? "+codebook" : "");
        return new QuantizeReport(in.toString(), out == null ? null : out.toString(), o.spec().bits(), block,
                method, o.spec().symmetric(), o.format().wireName(), sha, inBytes, outBytes,
                before, after, r.bytesBefore(), r.bytesAfter(), r.quantized(), r.skipped(), List.copyOf(notes),
                data == null ? null : data.toString(), values == 0 ? 0 : r.bytesAfter() * 8.0 / values,
                o.calibration() == null ? null : o.calibration().source(),
                o.calibration() == null ? null : o.calibration().examples(), List.copyOf(warnings), sensitivity,
                plan == null ? null : plan.predictedError());
    }
}
