package io.nanogrid.quantizer.quant;

import java.util.Arrays;

/**
 * A block-quantized matrix in ONNX Runtime's MatMulNBits layout: codes are packed per row, per
 * block, each block in a blob of {@code format.blobBytes(block)} bytes (low bits first; the short
 * last block of a row is padded with its zero point, which dequantizes to 0). Scales and zero
 * points are one per block, row-major ([rows, blocksPerRow]); zero points are null for symmetric
 * formats (implicitly {@code format.mid()}).
 */
public final class QuantizedMatrix {
    private final int rows;
    private final int cols;
    private final int block;
    private final QuantFormat format;
    private final byte[] codes;
    private final float[] scales;
    private final byte[] zeroPoints;

    public QuantizedMatrix(int rows, int cols, int block, QuantFormat format, byte[] codes, float[] scales,
            byte[] zeroPoints) {
        this.rows = rows;
        this.cols = cols;
        this.block = block;
        this.format = format;
        int blocks = rows * blocksPerRow(cols, block);
        if (codes.length != (long) blocks * format.blobBytes(block) || scales.length != blocks
                || (zeroPoints != null && zeroPoints.length != blocks) || (zeroPoints == null) != format.symmetric()) {
            throw new IllegalArgumentException("sizes do not fit a " + rows + "x" + cols + " matrix in blocks of "
                    + block);
        }
        this.codes = codes;
        this.scales = scales;
        this.zeroPoints = zeroPoints;
    }

    public static int blocksPerRow(int cols, int block) {
        return (cols + block - 1) / block;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int block() {
        return block;
    }

    public QuantFormat format() {
        return format;
    }

    public int blocksPerRow() {
        return blocksPerRow(cols, block);
    }

    /** The packed codes, [rows, blocksPerRow, blobBytes]; do not modify. */
    public byte[] packedCodes() {
        return codes;
    }

    /** Scales, [rows, blocksPerRow]; do not modify. */
    public float[] scales() {
        return scales;
    }

    /** Zero points, one per block, unpacked; null for symmetric formats. */
    public byte[] zeroPoints() {
        return zeroPoints;
    }

    /** The code of element (r, c). */
    public int code(int r, int c) {
        int b = c / block;
        long blob = (long) (r * blocksPerRow() + b) * format.blobBytes(block);
        return BitPacking.get(codes, blob * 8 / format.bits() + (c - b * block), format.bits());
    }

    public float scale(int r, int b) {
        return scales[r * blocksPerRow() + b];
    }

    public int zeroPoint(int r, int b) {
        return zeroPoints == null ? format.mid() : zeroPoints[r * blocksPerRow() + b] & 0xff;
    }

    /** The dequantized matrix, row-major. */
    public float[] dequantize() {
        float[] out = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int b = c / block;
                out[r * cols + c] = format.dequantize(code(r, c), scale(r, b), zeroPoint(r, b));
            }
        }
        return out;
    }

    /**
     * Sum of squared differences between {@code original} (row-major, rows x cols) and the
     * dequantized matrix, without materializing it.
     */
    public double squaredError(float[] original) {
        int nb = blocksPerRow();
        int blob = format.blobBytes(block);
        int bits = format.bits();
        int perBlob = blob * 8 / bits;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            for (int b = 0; b < nb; b++) {
                int i = r * nb + b;
                float s = scales[i];
                int z = zeroPoint(r, b);
                int from = r * cols + b * block;
                int len = Math.min(block, cols - b * block);
                long first = (long) i * perBlob;
                double e = 0;
                for (int j = 0; j < len; j++) {
                    double d = original[from + j] - (BitPacking.get(codes, first + j, bits) - z) * s;
                    e += d * d;
                }
                sum += e;
            }
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantizedMatrix m && rows == m.rows && cols == m.cols && block == m.block
                && format == m.format && Arrays.equals(codes, m.codes) && Arrays.equals(scales, m.scales)
                && Arrays.equals(zeroPoints, m.zeroPoints);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scales) + Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return rows + "x" + cols + " " + format + " block " + block;
    }
}
