package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.Half;
import io.nanogrid.quantizer.quant.ProductCodebook;
import io.nanogrid.quantizer.rewrite.GraphIndex.Constant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedding table (a weight only Gather reads) stored as a product-quantization codebook
 * ({@link ProductCodebook}) with standard operators: Gather the rows' uint8 codes [.., M], Cast to int32,
 * Add each position's offset (j * centroids), Gather the centroids [.., M, sub] from the float16 codebook
 * [M * centroids, sub], Reshape to [.., cols], Cast to float. Six operators per request, each a copy, an add
 * or a conversion per value; the table costs 8 / sub bits per value plus the codebook (cols * 256 halves).
 */
final class CodebookGather {
    /** The method recorded for such tables (TensorReport.method, metadata). */
    static final String METHOD = "codebook";

    private final GraphIndex index;

    CodebookGather(GraphIndex index) {
        this.index = index;
    }

    Rewrite rewrite(NodeProto n, String node, Constant w, WeightMatrix m, int sub, ProductCodebook pq) {
        String base = w.name();
        String ids = n.getInput(1);
        int positions = m.cols / sub;
        List<TensorProto> tensors = new ArrayList<>();
        List<NodeProto> nodes = new ArrayList<>();
        String codes = index.fresh(base + "_codes");
        tensors.add(TensorProtos.raw(codes, ElementType.UINT8, new long[] {m.rows, positions}, pq.codes()));
        String codebook = index.fresh(base + "_codebook");
        ByteBuffer half = ByteBuffer.allocate(pq.codebook().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : pq.codebook()) {
            half.putShort(Half.bits(v));
        }
        tensors.add(TensorProtos.raw(codebook, ElementType.FLOAT16, new long[] {(long) positions * pq.centroids(), sub},
                half.array()));
        String offsets = index.fresh(base + "_code_offsets");
        ByteBuffer buf = ByteBuffer.allocate(positions * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < positions; j++) {
            buf.putInt(j * pq.centroids());
        }
        tensors.add(TensorProtos.raw(offsets, ElementType.INT32, new long[] {positions}, buf.array()));
        String rows = index.fresh(base + "_row_codes");
        nodes.add(WeightRewriter.node("", "Gather", node + "_codes", List.of(codes, ids), List.of(rows),
                WeightRewriter.ints("axis", 0)));
        String wide = index.fresh(base + "_row_codes_int");
        nodes.add(WeightRewriter.node("", "Cast", node + "_codes_cast", List.of(rows), List.of(wide),
                WeightRewriter.ints("to", ElementType.INT32.code())));
        String entries = index.fresh(base + "_codebook_rows");
        nodes.add(WeightRewriter.node("", "Add", node + "_code_offsets", List.of(wide, offsets), List.of(entries),
                List.of()));
        String parts = index.fresh(base + "_subvectors");
        nodes.add(WeightRewriter.node("", "Gather", node + "_centroids", List.of(codebook, entries), List.of(parts),
                WeightRewriter.ints("axis", 0)));
        String shape = index.fresh(base + "_rows_shape");
        int rank = index.rank(ids);
        if (rank >= 0) {
            // [.., M, sub] -> [.., cols]: zeros copy the ids' dimensions
            long[] dims = new long[rank + 1];
            dims[rank] = m.cols;
            tensors.add(TensorProtos.longs(shape, new long[] {dims.length}, dims));
        } else {
            String idsShape = index.fresh(base + "_ids_shape");
            String cols = index.fresh(base + "_cols");
            tensors.add(TensorProtos.longs(cols, new long[] {1}, new long[] {m.cols}));
            nodes.add(WeightRewriter.node("", "Shape", node + "_ids_shape", List.of(ids), List.of(idsShape), List.of()));
            nodes.add(WeightRewriter.node("", "Concat", node + "_rows_shape", List.of(idsShape, cols), List.of(shape),
                    WeightRewriter.ints("axis", 0)));
        }
        String rows16 = index.fresh(base + "_rows_float16");
        nodes.add(WeightRewriter.node("", "Reshape", node + "_rows", List.of(parts, shape), List.of(rows16),
                List.of()));
        nodes.add(WeightRewriter.node("", "Cast", node + "_rows_cast", List.of(rows16), n.getOutputList(),
                WeightRewriter.ints("to", ElementType.FLOAT.code())));
        long bytes = tensors.stream().mapToLong(t -> t.getRawData().size()).sum();
        String storedAs = "Gather codebook uint8/" + sub + " values";
        long values = (long) m.rows * m.cols;
        // bits: those of a code; block: the values one code stands for
        TensorReport r = new TensorReport(w.name(), w.scope().path, node, n.getOpType(), TensorProtos.dims(w.tensor()),
                storedAs, 8, sub, values * 4, bytes, bytes * 8.0 / values, pq.rmse(), null, METHOD);
        return new Rewrite(nodes, tensors, r);
    }
}
