package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphScan;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.onnx.WeightTensor;
import io.nanogrid.quantizer.quant.BlockQuantizer;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.ProductCodebook;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import io.nanogrid.quantizer.rewrite.GraphIndex.Scope;
import io.nanogrid.quantizer.rewrite.GraphIndex.Use;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ONNX in, ONNX out: quantizes the constant float weights of MatMul, Gemm, Gather (embedding
 * tables) and Conv, in the main graph and in If/Loop/Scan bodies, and leaves everything else
 * untouched. Every float weight that stays float is reported with the reason. The model must
 * have its external data loaded ({@link io.nanogrid.onnx.ExternalData#load}).
 */
public final class ModelQuantizer {
    /** Metadata keys of the provenance written into the quantized model. */
    public static final String META_PREFIX = "nanogrid.quantization.";

    /** BitwiseAnd, which unpacks embedding rows, is in opset 18. */
    static final int UNPACK_OPSET = 18;

    private final BlockQuantizer quantizer;

    /** The quantizer every workflow uses: the fast block quantizer (tested against the reference loops). */
    public static ModelQuantizer standard() {
        return new ModelQuantizer(new FastQuantizer());
    }

    public ModelQuantizer(BlockQuantizer quantizer) {
        this.quantizer = quantizer;
    }

    /**
     * @param provenance extra metadata_props entries (source sha256, tool version); the options
     *                   are recorded too, under {@link #META_PREFIX}
     */
    public QuantizeResult quantize(ModelProto model, QuantizeOptions options, Map<String, String> provenance) {
        ModelProto.Builder mb = model.toBuilder();
        List<String> notes = new ArrayList<>();
        int folded = ConstantReshapes.fold(mb.getGraphBuilder(), options.keep());
        if (folded > 0) {
            notes.add(folded + " constant weight(s) behind a Reshape/Flatten folded into their MatMul/Gemm shape so "
                    + "they can be quantized");
        }
        GraphIndex index = new GraphIndex(mb.getGraphBuilder());
        int opset = defaultOpset(model);
        int bits = options.minBits();
        int dequantizeOpset = bits == 2 ? 25 : 21;
        int target = opset;
        WeightRewriter.ConvForm convForm = WeightRewriter.ConvForm.CONTRIB;
        if (options.format() == OutputFormat.QDQ) {
            convForm = WeightRewriter.ConvForm.STANDARD;
            if (opset < dequantizeOpset) {
                String why = OpsetUpgrader.check(model.getGraph(), opset, dequantizeOpset);
                if (why != null) {
                    throw new BadInputException("cannot write --format qdq: DequantizeLinear at " + bits
                            + " bits needs opset " + dequantizeOpset + ", and " + why + "; use --format nbits");
                }
                target = dequantizeOpset;
            }
        } else if (bits == 2 && hasWeights(index, "Conv", 1)) {
            String why = opset >= dequantizeOpset ? null
                    : OpsetUpgrader.check(model.getGraph(), opset, dequantizeOpset);
            if (why == null) {
                convForm = WeightRewriter.ConvForm.STANDARD;
                target = Math.max(target, dequantizeOpset);
            } else {
                convForm = WeightRewriter.ConvForm.CONTRIB_INT4_CONTAINER;
                notes.add("Conv weights keep 2-bit codes in 4-bit storage: 2-bit DequantizeLinear needs opset 25, and "
                        + why);
            }
        }
        GatherForm gatherForm = options.gather();
        int unpackOpset = bits < 8 && hasBlockTables(index, options) ? UNPACK_OPSET : 0;
        // the tables' spec at the fewest bits a table may get (a plan's bits by weight can name tables)
        QuantSpec tables = options.tableSpec().withBits(options.bitsByWeight().values().stream()
                .mapToInt(Integer::intValue).reduce(options.tableSpec().bits(), Math::min));
        if (gatherForm == GatherForm.DQ && dqGatherOpset(index, tables, options) > Math.max(target, unpackOpset)) {
            // raising a model's opset is a risk taken only as far as the unpacking form needs it
            notes.add("embedding tables use --gather unpack: --gather dq needs ai.onnx opset "
                    + dqGatherOpset(index, tables, options) + " here (the model has " + opset + ")");
            gatherForm = GatherForm.UNPACK;
        }
        int gatherOpset = gatherForm == GatherForm.DQ ? dqGatherOpset(index, tables, options)
                : gatherForm == GatherForm.UNPACK ? unpackOpset : 0;
        String raisedFor = " for DequantizeLinear at " + bits + " bits";
        if (gatherOpset > target) {
            String why = OpsetUpgrader.check(model.getGraph(), opset, gatherOpset);
            if (why == null) {
                target = gatherOpset;
                raisedFor = gatherForm == GatherForm.DQ ? " for the embedding tables' DequantizeLinear"
                        + (bits < 8 ? " and BitwiseAnd" : "") : " for BitwiseAnd (unpacking embedding rows)";
            } else {
                notes.add("embedding tables use GatherBlockQuantized: --gather " + gatherForm.wireName()
                        + " needs opset " + gatherOpset + ", and " + why);
                gatherForm = GatherForm.GBQ;
            }
        }
        boolean raise = target > opset;
        DynamicLinear.Form dynamicForm = DynamicLinear.Form.of(opset);
        WeightRewriter rewriter = new WeightRewriter(index, options, quantizer, convForm, gatherForm, dynamicForm);
        List<TensorReport> reports = new ArrayList<>();
        List<SkippedWeight> skipped = new ArrayList<>();
        Set<String> matchedKeep = new HashSet<>();
        Map<String, List<Use>> originalUses = new LinkedHashMap<>(index.uses);
        for (Constant c : new ArrayList<>(index.constants.values())) {
            if (c.tensor().getDataType() != ElementType.FLOAT.code()) {
                if (ElementType.fromCode(c.tensor().getDataType()).isFloatingPoint()) {
                    skipped.add(skip(c, ElementType.fromCode(c.tensor().getDataType()) + " weights are not quantized"));
                }
                continue;
            }
            String reason = reasonToKeep(c, index, rewriter, options, matchedKeep);
            if (reason != null) {
                skipped.add(skip(c, reason));
                continue;
            }
            List<Use> uses = index.usesOf(c.name());
            List<Rewrite> rewrites = new ArrayList<>();
            if (asCodebook(c, index, options)) {
                rewrites.addAll(codebook(c, uses, index, options.tableCodebook(), options.calibration()));
            } else {
                if (options.tableCodebook() != null && onlyGathered(uses, index)) {
                    notes.add("embedding table " + c.name() + " keeps block codes: its codes and codebook would take "
                            + "more bytes (a codebook pays on tall tables)");
                }
                QuantSpec own = options.specFor(c.name(), onlyGathered(uses, index));
                WeightRewriter forWeight = own.equals(options.spec()) ? rewriter
                        : new WeightRewriter(index, options.withSpec(own), quantizer, convForm, gatherForm, dynamicForm);
                for (Use u : uses) {
                    rewrites.add(forWeight.rewrite(u, c));
                }
            }
            long after = rewrites.stream().mapToLong(r -> r.report().bytesAfter()).sum();
            if (after >= c.tensor().getRawData().size() && after >= elements(c) * 4) {
                skipped.add(skip(c, "its quantized form (" + after + " bytes) would not be smaller"));
                continue;
            }
            for (int i = 0; i < uses.size(); i++) {
                Use u = uses.get(i);
                u.scope().replacements.put(u.node(), rewrites.get(i).nodes());
                rewrites.get(i).alsoReplaced().forEach(r -> r.scope().replacements.put(r.node(), r.nodes()));
                c.scope().added.addAll(rewrites.get(i).tensors());
                reports.add(rewrites.get(i).report());
            }
            if (c.constantNode() >= 0) {
                c.scope().replacements.put(c.constantNode(), List.of());
            } else {
                c.scope().removed.add(c.name());
            }
        }
        attributeWeights(model, skipped);
        if (reports.isEmpty()) {
            return new QuantizeResult(model, reports, skipped, notes, unmatched(options, matchedKeep, index));
        }
        for (int i = index.scopes.size() - 1; i >= 0; i--) {
            index.scopes.get(i).apply();
        }
        removeDeadConstants(index, originalUses, mb);
        if (raise) {
            OpsetUpgrader.upgrade(mb.getGraphBuilder(), opset, index::fresh);
            setOpset(mb, "", target);
            notes.add("ai.onnx opset raised from " + opset + " to " + target + raisedFor);
        }
        boolean contrib = reports.stream().anyMatch(r -> r.storedAs().startsWith("MatMulNBits")
                || r.storedAs().startsWith("DynamicQuantizeMatMul")
                || r.storedAs().startsWith("GatherBlockQuantized") || r.storedAs().contains(WeightRewriter.MS_DOMAIN));
        if (contrib && opsetOf(mb, WeightRewriter.MS_DOMAIN) < 1) {
            setOpset(mb, WeightRewriter.MS_DOMAIN, 1);
            notes.add("operators of ONNX Runtime's com.microsoft domain used: the model runs in ONNX Runtime");
        }
        mb.setIrVersion(Math.max(mb.getIrVersion(), irVersionNeeded(reports, raise ? target : opset)));
        Map<String, String> meta = new LinkedHashMap<>(provenance);
        meta.put(META_PREFIX + "block", Integer.toString(options.spec().block()));
        if (options.tableBlock() != null) {
            meta.put(META_PREFIX + "table_block", Integer.toString(options.tableBlock()));
        }
        if (reports.stream().anyMatch(r -> CodebookGather.METHOD.equals(r.method()))) {
            meta.put(META_PREFIX + "table_codebook", Integer.toString(options.tableCodebook()));
        }
        meta.put(META_PREFIX + "symmetric", Boolean.toString(options.spec().symmetric()));
        meta.put(META_PREFIX + "format", options.format().wireName());
        meta.put(META_PREFIX + "gather", gatherForm.wireName());
        meta.put(META_PREFIX + "tensors", Integer.toString(reports.size()));
        meta.putAll(Provenance.of(reports, options));
        setMetadata(mb, meta);
        return new QuantizeResult(mb.build(), reports, skipped, notes, unmatched(options, matchedKeep, index));
    }

    private static String reasonToKeep(Constant c, GraphIndex index, WeightRewriter rewriter, QuantizeOptions options,
            Set<String> matchedKeep) {
        List<Use> uses = index.usesOf(c.name());
        if (options.keep().contains(c.name())) {
            matchedKeep.add(c.name());
            return "kept in float (--keep " + c.name() + ")";
        }
        for (Use u : uses) {
            if (!u.isGraphOutput()) {
                String node = GraphIndex.nodeName(u.scope().node(u.node()), u.node());
                if (options.keep().contains(node)) {
                    matchedKeep.add(node);
                    return "kept in float (--keep " + node + ")";
                }
            }
        }
        if (uses.isEmpty()) {
            return "not used by any node";
        }
        String first = null;
        boolean anyEligible = false;
        for (Use u : uses) {
            String why = rewriter.ineligible(u, c);
            if (why == null) {
                anyEligible = true;
            } else if (first == null) {
                first = why;
            }
        }
        if (first != null) {
            return anyEligible ? "also " + first.replaceFirst("^it is ", "") : first;
        }
        long n = elements(c);
        if (n < options.minElements()) {
            return "fewer than " + options.minElements() + " values (" + n + "; --min-elements)";
        }
        if (c.tensor().getExternalDataCount() > 0 && c.tensor().getRawData().isEmpty()) {
            throw new IllegalStateException("tensor " + c.name() + " has external data that was not loaded");
        }
        for (float v : TensorProtos.toFloats(c.tensor())) {
            if (!Float.isFinite(v)) {
                return "it holds NaN or infinite values";
            }
        }
        return null;
    }

    private static long elements(Constant c) {
        return TensorProtos.elements(TensorProtos.dims(c.tensor()));
    }

    private static SkippedWeight skip(Constant c, String reason) {
        long[] dims = TensorProtos.dims(c.tensor());
        ElementType t = ElementType.fromCode(c.tensor().getDataType());
        return new SkippedWeight(c.name(), c.scope().path, dims, t.bytesFor(TensorProtos.elements(dims)), reason);
    }

    /** Float values kept in node attributes (other than Constant nodes) have no quantized form. */
    private static void attributeWeights(ModelProto model, List<SkippedWeight> skipped) {
        for (WeightTensor w : GraphScan.of(model).weights()) {
            if (w.kind() == WeightTensor.Kind.ATTRIBUTE && w.type().isFloatingPoint()) {
                String node = w.name().contains(".") ? w.name().substring(0, w.name().lastIndexOf('.')) : w.name();
                skipped.add(new SkippedWeight(w.name(), w.graph(), w.dims(), w.bytes(), "stored in an attribute of "
                        + node + ": that operator has no quantized form"));
            }
        }
    }

    /** True when some constant is input {@code input} of an {@code op} node. */
    private static boolean hasWeights(GraphIndex index, String op, int input) {
        for (Constant c : index.constants.values()) {
            for (Use u : index.usesOf(c.name())) {
                if (!u.isGraphOutput() && u.input() == input && u.scope().node(u.node()).getOpType().equals(op)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** True for an embedding table: every use is a Gather's data input. */
    private static boolean onlyGathered(List<Use> uses, GraphIndex index) {
        for (Use u : uses) {
            NodeProto n = u.isGraphOutput() ? null : u.scope().node(u.node());
            if (n == null || u.input() != 0 || !n.getOpType().equals("Gather")) {
                return false;
            }
        }
        return !uses.isEmpty();
    }

    /**
     * Every use of table {@code c} as a product-quantization codebook with sub-vectors of {@code sub} values
     * (trained once for all its uses; weighted toward the rows calibration data read, when it was recorded).
     */
    private static List<Rewrite> codebook(Constant c, List<Use> uses, GraphIndex index, int sub,
            Calibration calibration) {
        long[] dims = TensorProtos.dims(c.tensor());
        WeightMatrix m = new WeightMatrix(TensorProtos.toFloats(c.tensor()), (int) dims[0], (int) dims[1]);
        long[] read = calibration == null ? null : calibration.rowsRead(c.name(), m.rows);
        ProductCodebook pq = ProductCodebook.train(m.values, m.rows, m.cols, sub, read);
        List<Rewrite> out = new ArrayList<>();
        for (Use u : uses) {
            NodeProto n = u.scope().node(u.node());
            out.add(new CodebookGather(index).rewrite(n, GraphIndex.nodeName(n, u.node()), c, m, sub, pq));
        }
        return out;
    }

    /**
     * True when float table {@code c} (2-D, only Gather reads it) is written as a codebook: --table-codebook is
     * given and the codes and codebook take fewer bytes than the table's block codes alone would (a short table,
     * such as position embeddings, pays more for its 256 centroids per position than it saves). Refuses a table
     * whose rows the sub-vectors do not divide.
     */
    static boolean asCodebook(Constant c, GraphIndex index, QuantizeOptions options) {
        Integer sub = options.tableCodebook();
        long[] dims = TensorProtos.dims(c.tensor());
        if (sub == null || c.tensor().getDataType() != ElementType.FLOAT.code() || dims.length != 2
                || !onlyGathered(index.usesOf(c.name()), index)) {
            return false;
        }
        if (dims[1] % sub != 0) {
            throw new BadInputException("--table-codebook " + sub + ": embedding table " + c.name() + " has rows of "
                    + dims[1] + " values, which sub-vectors of " + sub + " do not divide");
        }
        long positions = dims[1] / sub;
        long codebook = dims[0] * positions + positions * Math.min(ProductCodebook.MAX_CENTROIDS, dims[0]) * sub * 2;
        return codebook < dims[0] * dims[1] * options.tableSpec().bits() / 8;
    }

    /** True when some float table will be stored as block codes (a Gather reads it, and it is no codebook). */
    private static boolean hasBlockTables(GraphIndex index, QuantizeOptions options) {
        for (Constant c : index.constants.values()) {
            if (asCodebook(c, index, options)) {
                continue;
            }
            for (Use u : index.usesOf(c.name())) {
                if (!u.isGraphOutput() && u.input() == 0 && u.scope().node(u.node()).getOpType().equals("Gather")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The opset {@link GatherForm#DQ} needs for the model's float embedding tables; 0 when there are none. */
    private static int dqGatherOpset(GraphIndex index, QuantSpec spec, QuantizeOptions options) {
        int need = 0;
        for (Constant c : index.constants.values()) {
            long[] dims = TensorProtos.dims(c.tensor());
            if (c.tensor().getDataType() != ElementType.FLOAT.code() || dims.length != 2
                    || asCodebook(c, index, options)) {
                continue;
            }
            for (Use u : index.usesOf(c.name())) {
                NodeProto n = u.isGraphOutput() ? null : u.scope().node(u.node());
                if (n != null && u.input() == 0 && n.getOpType().equals("Gather")) {
                    need = Math.max(need, DequantizedGather.opsetNeeded((int) dims[1], spec, index.shape(n.getInput(1))));
                }
            }
        }
        return need;
    }

    /** Removes float initializers that only rewritten nodes used (a Gemm's C folded into a bias). */
    private static void removeDeadConstants(GraphIndex before, Map<String, List<Use>> originalUses,
            ModelProto.Builder mb) {
        GraphIndex after = new GraphIndex(mb.getGraphBuilder());
        for (Scope s : after.scopes) {
            List<TensorProto> keep = new ArrayList<>();
            boolean changed = false;
            for (TensorProto t : s.graph.getInitializerList()) {
                boolean wasUsed = !originalUses.getOrDefault(t.getName(), List.of()).isEmpty();
                if (wasUsed && after.usesOf(t.getName()).isEmpty() && before.constants.containsKey(t.getName())) {
                    changed = true;
                } else {
                    keep.add(t);
                }
            }
            if (changed) {
                s.graph.clearInitializer().addAllInitializer(keep);
            }
        }
    }

    private static List<String> unmatched(QuantizeOptions options, Set<String> matched, GraphIndex index) {
        return options.keep().stream().filter(k -> !matched.contains(k) && !index.hasName(k)).sorted().toList();
    }

    private static long irVersionNeeded(List<TensorReport> reports, int opset) {
        boolean int2 = reports.stream().anyMatch(r -> r.storedAs().contains("int2") || r.storedAs().contains("uint2"));
        boolean int4 = reports.stream().anyMatch(r -> r.storedAs().contains("int4") || r.storedAs().contains("uint4"));
        if (int2 || opset >= 24) {
            return 12;
        }
        if (int4 || opset >= 21) {
            return 10;
        }
        return opset >= 19 ? 9 : opset >= 15 ? 8 : opset >= 12 ? 7 : 4;
    }

    /** The model's ai.onnx opset ("" or "ai.onnx" domain). */
    public static int defaultOpset(ModelProto model) {
        return (int) model.getOpsetImportList().stream().filter(o -> GraphIndex.isDefaultDomain(o.getDomain()))
                .mapToLong(OperatorSetIdProto::getVersion).max().orElse(1);
    }

    private static long opsetOf(ModelProto.Builder mb, String domain) {
        return mb.getOpsetImportList().stream().filter(o -> o.getDomain().equals(domain))
                .mapToLong(OperatorSetIdProto::getVersion).max().orElse(0);
    }

    private static void setOpset(ModelProto.Builder mb, String domain, int version) {
        List<OperatorSetIdProto> kept = new ArrayList<>();
        for (OperatorSetIdProto o : mb.getOpsetImportList()) {
            boolean same = domain.isEmpty() ? GraphIndex.isDefaultDomain(o.getDomain()) : o.getDomain().equals(domain);
            if (!same) {
                kept.add(o);
            }
        }
        kept.add(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version).build());
        mb.clearOpsetImport().addAllOpsetImport(kept);
    }

    private static void setMetadata(ModelProto.Builder mb, Map<String, String> entries) {
        List<StringStringEntryProto> kept = new ArrayList<>();
        for (StringStringEntryProto e : mb.getMetadataPropsList()) {
            if (!entries.containsKey(e.getKey()) && !e.getKey().startsWith(META_PREFIX)) {
                kept.add(e);
            }
        }
        entries.forEach((k, v) -> kept.add(StringStringEntryProto.newBuilder().setKey(k).setValue(v).build()));
        mb.clearMetadataProps().addAllMetadataProps(kept);
    }
}
