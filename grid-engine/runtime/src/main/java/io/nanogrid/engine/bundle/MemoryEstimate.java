package io.nanogrid.engine.bundle;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.onnx.GraphScan;
import io.nanogrid.onnx.WeightTensor;

/**
 * A rough resident-memory estimate of a model at target bits: float weight tensors of at least two
 * dimensions and 256 values become blocks of 32 values at {@code bits} each plus a 16-bit scale per
 * block (the MatMulNBits / GatherBlockQuantized layout); every other weight stays as it is; each
 * session adds {@link #SESSION_BYTES} (docs/ARCHITECTURE.md: about 0.5 MB per small session). It is an
 * estimate for planning, not a measurement: `nanogrid bench --sessions` measures.
 */
final class MemoryEstimate {
    static final long SESSION_BYTES = 512 * 1024;
    private static final int BLOCK = 32;
    private static final int SCALE_BYTES = 2;

    private MemoryEstimate() {
    }

    static long of(ModelProto model, String bits) {
        long total = SESSION_BYTES;
        for (WeightTensor w : GraphScan.of(model).weights()) {
            total += bytes(w, bits);
        }
        return total;
    }

    private static long bytes(WeightTensor w, String bits) {
        boolean quantizable = w.type() != null && w.type().isFloatingPoint() && w.dims().length >= 2
                && w.elements() >= 256;
        if (!quantizable || bits.equals(BitsProfile.FLOAT)) {
            return w.bytes();
        }
        int b = Integer.parseInt(bits);
        long blocks = (w.elements() + BLOCK - 1) / BLOCK;
        return (w.elements() * b + 7) / 8 + blocks * SCALE_BYTES;
    }
}
