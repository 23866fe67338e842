package io.nanogrid.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small builder for ONNX models: typed inputs and outputs with fixed or symbolic dimensions,
 * initializers, nodes with attributes, opset imports and metadata. Used by the trainers' exporters
 * and by tests that build models in code.
 */
public final class GraphBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Long> opsets = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long irVersion = 8;
    private String producer = "nanogrid";
    private String producerVersion = "0.1";
    private int nodeCounter;

    public GraphBuilder(String graphName) {
        graph.setName(graphName);
        opsets.put("", 17L);
    }

    /** Sets the opset imported for a domain ("" is the default ai.onnx domain). */
    public GraphBuilder opset(String domain, long version) {
        opsets.put(domain, version);
        return this;
    }

    public GraphBuilder irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    public GraphBuilder producer(String name, String version) {
        this.producer = name;
        this.producerVersion = version;
        return this;
    }

    public GraphBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Declares a graph input; each dimension is a number (fixed) or a String (symbolic). */
    public GraphBuilder input(String name, ElementType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
        return this;
    }

    public GraphBuilder output(String name, ElementType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
        return this;
    }

    public GraphBuilder initializer(TensorProto tensor) {
        graph.addInitializer(tensor);
        return this;
    }

    /** Adds a float initializer and returns its name. */
    public String floats(String name, long[] dims, float[] values) {
        graph.addInitializer(TensorProtos.floats(name, dims, values));
        return name;
    }

    /** Adds an int64 initializer and returns its name. */
    public String longs(String name, long[] dims, long[] values) {
        graph.addInitializer(TensorProtos.longs(name, dims, values));
        return name;
    }

    /** Adds a node of the default domain. */
    public GraphBuilder node(String opType, List<String> inputs, List<String> outputs, Map<String, ?> attributes) {
        return node("", opType, inputs, outputs, attributes);
    }

    public GraphBuilder node(String opType, List<String> inputs, List<String> outputs) {
        return node("", opType, inputs, outputs, Map.of());
    }

    /**
     * Adds a node. Attribute values may be Integer/Long (int), Float/Double (float), String, long[]
     * or int[] (ints), float[] (floats), String[] (strings), TensorProto (tensor) or GraphProto (graph).
     */
    public GraphBuilder node(String domain, String opType, List<String> inputs, List<String> outputs,
            Map<String, ?> attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setDomain(domain)
                .setName(opType + "_" + nodeCounter++).addAllInput(inputs).addAllOutput(outputs);
        attributes.forEach((k, v) -> n.addAttribute(attribute(k, v)));
        graph.addNode(n);
        return this;
    }

    public ModelProto build() {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(irVersion).setProducerName(producer)
                .setProducerVersion(producerVersion).setGraph(graph);
        opsets.forEach((d, v) -> m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(d).setVersion(v)));
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** A graph (for If/Loop bodies) from this builder's inputs, outputs, nodes and initializers. */
    public GraphProto buildGraph() {
        return graph.build();
    }

    static ValueInfoProto valueInfo(String name, ElementType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number num) {
                dim.setDimValue(num.longValue());
            } else {
                dim.setDimParam(String.valueOf(d));
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.code()).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor))
                .build();
    }

    static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer || v instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        } else if (v instanceof long[] ls) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof int[] is) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (int i : is) {
                a.addInts(i);
            }
        } else if (v instanceof float[] fs) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : fs) {
                a.addFloats(f);
            }
        } else if (v instanceof String[] ss) {
            a.setType(AttributeProto.AttributeType.STRINGS);
            for (String s : ss) {
                a.addStrings(ByteString.copyFrom(s, StandardCharsets.UTF_8));
            }
        } else if (v instanceof TensorProto t) {
            a.setType(AttributeProto.AttributeType.TENSOR).setT(t);
        } else if (v instanceof GraphProto g) {
            a.setType(AttributeProto.AttributeType.GRAPH).setG(g);
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value type "
                    + (v == null ? "null" : v.getClass().getSimpleName()));
        }
        return a.build();
    }
}
