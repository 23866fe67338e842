package io.nanogrid.onnx;

import java.util.Locale;

/** ONNX tensor element types, with their code in TensorProto.data_type and their width in bits. */
public enum ElementType {
    UNDEFINED(0, 0),
    FLOAT(1, 32),
    UINT8(2, 8),
    INT8(3, 8),
    UINT16(4, 16),
    INT16(5, 16),
    INT32(6, 32),
    INT64(7, 64),
    STRING(8, 0),
    BOOL(9, 8),
    FLOAT16(10, 16),
    DOUBLE(11, 64),
    UINT32(12, 32),
    UINT64(13, 64),
    COMPLEX64(14, 64),
    COMPLEX128(15, 128),
    BFLOAT16(16, 16),
    FLOAT8E4M3FN(17, 8),
    FLOAT8E4M3FNUZ(18, 8),
    FLOAT8E5M2(19, 8),
    FLOAT8E5M2FNUZ(20, 8),
    UINT4(21, 4),
    INT4(22, 4),
    FLOAT4E2M1(23, 4),
    FLOAT8E8M0(24, 8),
    UINT2(25, 2),
    INT2(26, 2);

    private static final ElementType[] BY_CODE = new ElementType[27];

    static {
        for (ElementType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int bits;

    ElementType(int code, int bits) {
        this.code = code;
        this.bits = bits;
    }

    /** The value of TensorProto.data_type. */
    public int code() {
        return code;
    }

    /** Bits per element; 0 for strings (variable size). */
    public int bits() {
        return bits;
    }

    /** The lower-case ONNX name: "float", "int64", "uint4". */
    public String onnxName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Bytes that {@code elements} values of this type occupy when packed. */
    public long bytesFor(long elements) {
        return (elements * bits + 7) / 8;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, UINT32, UINT64, UINT4, INT4, UINT2, INT2, BOOL -> true;
            default -> false;
        };
    }

    /** The element type for a TensorProto.data_type code; UNDEFINED for codes this build does not know. */
    public static ElementType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length && BY_CODE[code] != null ? BY_CODE[code] : UNDEFINED;
    }

    @Override
    public String toString() {
        return onnxName();
    }
}
