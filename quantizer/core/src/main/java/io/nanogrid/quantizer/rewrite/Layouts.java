package io.nanogrid.quantizer.rewrite;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.BitPacking;
import io.nanogrid.quantizer.quant.QuantFormat;
import io.nanogrid.quantizer.quant.QuantizedMatrix;

/**
 * A quantized matrix (rows = output features or table rows, blocks along each row) written in the
 * tensor layouts ONNX Runtime reads. Checked against com.microsoft MatMulNBits and
 * GatherBlockQuantized (docs/ContribOperators.md, gather_block_quantized.cc) and ONNX
 * DequantizeLinear; every layout is verified numerically by the tests.
 */
final class Layouts {
    private Layouts() {
    }

    /** The tensors of one quantized weight: codes, scales and (asymmetric) zero points. */
    record Tensors(TensorProto data, TensorProto scales, TensorProto zeroPoints) {
        long bytes() {
            return data.getRawData().size() + scales.getRawData().size()
                    + (zeroPoints != null ? zeroPoints.getRawData().size() : 0);
        }
    }

    /** MatMulNBits: B uint8 [N, blocks, blob], scales float [N, blocks], zero points uint8 [N, ceil(blocks*bits/8)]. */
    static Tensors matMulNBits(QuantizedMatrix q, String data, String scales, String zeros) {
        int n = q.rows();
        int nb = q.blocksPerRow();
        QuantFormat f = q.format();
        TensorProto b = TensorProtos.raw(data, ElementType.UINT8, new long[] {n, nb, f.blobBytes(q.block())},
                q.packedCodes());
        TensorProto s = TensorProtos.floats(scales, new long[] {n, nb}, q.scales());
        return new Tensors(b, s, q.zeroPoints() == null ? null : packedZeroPoints(q, zeros));
    }

    /**
     * GatherBlockQuantized with uint8 data: data [rows, cols*bits/8] packed along each row, scales
     * [rows, blocks], zero points uint8 [rows, ceil(blocks*bits/8)]. Needs cols*bits to fill whole bytes.
     */
    static Tensors gatherBlockQuantized(QuantizedMatrix q, String data, String scales, String zeros) {
        int bits = q.format().bits();
        int rowBytes = q.cols() * bits / 8;
        byte[] packed = new byte[q.rows() * rowBytes];
        for (int r = 0; r < q.rows(); r++) {
            for (int c = 0; c < q.cols(); c++) {
                BitPacking.put(packed, (long) r * q.cols() + c, bits, q.code(r, c));
            }
        }
        TensorProto d = TensorProtos.raw(data, ElementType.UINT8, new long[] {q.rows(), rowBytes}, packed);
        TensorProto s = TensorProtos.floats(scales, new long[] {q.rows(), q.blocksPerRow()}, q.scales());
        return new Tensors(d, s, q.zeroPoints() == null ? null : packedZeroPoints(q, zeros));
    }

    /**
     * Rows for Gather -> unpack -> dequantize with standard operators: each row's codes packed in
     * planes (byte j of a 4-bit row holds columns j and j + cols/2, low nibble first; a 2-bit byte
     * holds columns j, j + cols/4, j + cols/2, j + 3cols/4), so that masks and shifts of the gathered
     * bytes, concatenated, give the columns in order. Scales [rows, blocks, 1] float and zero points
     * [rows, blocks, 1] uint8, shaped to broadcast over the block's values.
     */
    static Tensors planes(QuantizedMatrix q, String data, String scales, String zeros) {
        return planes(q, data, scales, zeros, false);
    }

    /** As {@link #planes(QuantizedMatrix, String, String, String)}; {@code oneBlock}: scales and zero points [rows, 1]. */
    static Tensors planes(QuantizedMatrix q, String data, String scales, String zeros, boolean oneBlock) {
        int bits = q.format().bits();
        int per = 8 / bits;
        int rowBytes = q.cols() / per;
        byte[] packed = new byte[q.rows() * rowBytes];
        for (int r = 0; r < q.rows(); r++) {
            for (int c = 0; c < q.cols(); c++) {
                int plane = c / rowBytes;
                int j = c % rowBytes;
                packed[r * rowBytes + j] |= (byte) (q.code(r, c) << (plane * bits));
            }
        }
        int nb = q.blocksPerRow();
        long[] shape = oneBlock ? new long[] {q.rows(), 1} : new long[] {q.rows(), nb, 1};
        TensorProto d = TensorProtos.raw(data, ElementType.UINT8, new long[] {q.rows(), rowBytes}, packed);
        TensorProto s = TensorProtos.floats(scales, shape, q.scales());
        TensorProto z = q.zeroPoints() == null ? null
                : TensorProtos.raw(zeros, ElementType.UINT8, shape, q.zeroPoints().clone());
        return new Tensors(d, s, z);
    }

    /**
     * Rows for Gather -> unpack -> one DequantizeLinear: codes in planes as in {@link #planes}; scales
     * [rows] ({@code perRow}: one block per row, dequantized per axis) or [rows, blocks] (blocked),
     * zero points uint8 of the same shape. Sub-byte codes are unpacked as code * 2^(8 - bits)
     * ({@link PlaneUnpacking#unpackScaled}), so their scales are divided and their zero points
     * multiplied by it: (16 q - 16 z) * (s / 16) is (q - z) * s exactly, as long as s / 16 is a normal
     * float. Symmetric formats store each code as the two's complement of q - 2^(bits-1) in its field
     * (the byte XOR 0x80, 0x88 or 0xAA) in an int8 tensor: the raised planes are then signed and
     * DequantizeLinear needs no zero point.
     */
    static Tensors dequantizedRows(QuantizedMatrix q, String data, String scales, String zeros, boolean perRow) {
        QuantFormat f = q.format();
        int factor = f.bits() < 8 ? 1 << (8 - f.bits()) : 1;
        Tensors packed = planes(q, data, scales, zeros);
        long[] shape = perRow ? new long[] {q.rows()} : new long[] {q.rows(), q.blocksPerRow()};
        TensorProto d = packed.data();
        TensorProto z = null;
        if (f.symmetric()) {
            int mids = 0;
            for (int shift = 0; shift < 8; shift += f.bits()) {
                mids |= f.mid() << shift;
            }
            byte[] signed = d.getRawData().toByteArray();
            for (int i = 0; i < signed.length; i++) {
                signed[i] ^= (byte) mids;
            }
            d = TensorProtos.raw(data, ElementType.INT8, TensorProtos.dims(d), signed);
        } else {
            byte[] zero = new byte[q.scales().length];
            for (int i = 0; i < zero.length; i++) {
                zero[i] = (byte) (factor * (q.zeroPoints()[i] & 0xff));
            }
            z = TensorProtos.raw(zeros, ElementType.UINT8, shape, zero);
        }
        float[] s = q.scales().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] /= factor;
        }
        return new Tensors(d, TensorProtos.floats(scales, shape, s), z);
    }

    private static TensorProto packedZeroPoints(QuantizedMatrix q, String name) {
        int bits = q.format().bits();
        int nb = q.blocksPerRow();
        int rowBytes = (nb * bits + 7) / 8;
        byte[] z = new byte[q.rows() * rowBytes];
        for (int r = 0; r < q.rows(); r++) {
            for (int b = 0; b < nb; b++) {
                BitPacking.put(z, (long) r * rowBytes * 8 / bits + b, bits, q.zeroPoint(r, b));
            }
        }
        return TensorProtos.raw(name, ElementType.UINT8, new long[] {q.rows(), rowBytes}, z);
    }

    /** The ONNX element type that holds this format's codes: signed without zero points, unsigned with. */
    static ElementType codeType(QuantFormat f) {
        return switch (f.bits()) {
            case 8 -> f.symmetric() ? ElementType.INT8 : ElementType.UINT8;
            case 4 -> f.symmetric() ? ElementType.INT4 : ElementType.UINT4;
            default -> f.symmetric() ? ElementType.INT2 : ElementType.UINT2;
        };
    }

    /**
     * DequantizeLinear blocked along axis 0 for a MatMul weight [K, N] (the matrix holds its
     * transpose: rows N, blocks along K): data [K, N], scales and zero points [ceil(K/block), N].
     * {@code container} is the element type (codeType, or a wider one).
     */
    static Tensors dequantizeBlocked(QuantizedMatrix q, ElementType container, String data, String scales,
            String zeros) {
        int k = q.cols();
        int n = q.rows();
        int nb = q.blocksPerRow();
        boolean sym = q.format().symmetric();
        int mid = q.format().mid();
        int bits = container.bits();
        byte[] packed = new byte[BitPacking.bytes((long) k * n, bits)];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                BitPacking.put(packed, (long) i * n + j, bits, q.code(j, i) - (sym ? mid : 0));
            }
        }
        float[] s = new float[nb * n];
        byte[] z = sym ? null : new byte[BitPacking.bytes((long) nb * n, bits)];
        for (int b = 0; b < nb; b++) {
            for (int j = 0; j < n; j++) {
                s[b * n + j] = q.scale(j, b);
                if (z != null) {
                    BitPacking.put(z, (long) b * n + j, bits, q.zeroPoint(j, b));
                }
            }
        }
        return new Tensors(TensorProtos.raw(data, container, new long[] {k, n}, packed),
                TensorProtos.floats(scales, new long[] {nb, n}, s),
                z == null ? null : TensorProtos.raw(zeros, container, new long[] {nb, n}, z));
    }

    /**
     * DequantizeLinear per output channel (axis 0) for a weight of any shape whose first dimension
     * is the matrix's rows (one block per row): data in the weight's shape, scales and zero points [rows].
     */
    static Tensors dequantizePerChannel(QuantizedMatrix q, long[] shape, ElementType container, String data,
            String scales, String zeros) {
        boolean sym = q.format().symmetric();
        int mid = q.format().mid();
        int bits = container.bits();
        byte[] packed = new byte[BitPacking.bytes((long) q.rows() * q.cols(), bits)];
        for (int r = 0; r < q.rows(); r++) {
            for (int c = 0; c < q.cols(); c++) {
                BitPacking.put(packed, (long) r * q.cols() + c, bits, q.code(r, c) - (sym ? mid : 0));
            }
        }
        byte[] z = sym ? null : new byte[BitPacking.bytes(q.rows(), bits)];
        if (z != null) {
            for (int r = 0; r < q.rows(); r++) {
                BitPacking.put(z, r, bits, q.zeroPoint(r, 0));
            }
        }
        return new Tensors(TensorProtos.raw(data, container, shape, packed),
                TensorProtos.floats(scales, new long[] {q.rows()}, q.scales()),
                z == null ? null : TensorProtos.raw(zeros, container, new long[] {q.rows()}, z));
    }
}
