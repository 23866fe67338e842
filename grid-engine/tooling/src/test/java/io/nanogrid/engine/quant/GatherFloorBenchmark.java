package io.nanogrid.engine.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import io.nanogrid.onnx.TensorProtos;
import io.nanogrid.quantizer.quant.FastQuantizer;
import io.nanogrid.quantizer.quant.QuantMethod;
import io.nanogrid.quantizer.quant.QuantSpec;
import io.nanogrid.quantizer.rewrite.ModelQuantizer;
import io.nanogrid.quantizer.rewrite.QuantizeOptions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How fast can ONNX Runtime read a 4-bit embedding bag with standard operators at all? Prints the
 * p50 of one ONNX Runtime call, side by side in one run, for an embedding bag shaped like the sample
 * sentiment expert's (65,536 rows of 16 values -> mean -> Gemm -> Softmax), read five ways:
 * <ul>
 * <li>{@code float}: Gather of float rows, the reference;</li>
 * <li>{@code q4-dq}: what {@code nanogrid quantize --bits 4} writes (the default {@code --gather dq});</li>
 * <li>{@code u8-cast}: Gather of uint8 rows and a Cast, with no scales at all: the cheapest 8-bit read;</li>
 * <li>{@code u4-floor}: Gather of packed 4-bit rows, uint8 Mul by 16 for the low nibbles, Concat and Cast,
 * again with no scales and no zero points: no correct 4-bit read made of standard operators can do less,
 * since ONNX Runtime 1.29 refuses Gather on int4/uint4 and BitCast cannot change the element width;</li>
 * <li>{@code u4-floor-dq}: the same with DequantizeLinear (one constant scale) in place of the Cast.</li>
 * </ul>
 * The tables hold random values: only the time is measured. Run:
 *
 * <pre>./mvnw -q -pl grid-engine/tooling -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp grid-engine/tooling/target/test-classes:grid-engine/tooling/target/classes:$(cat grid-engine/tooling/target/test-classpath.txt) \
 *     io.nanogrid.engine.quant.GatherFloorBenchmark</pre>
 */
public final class GatherFloorBenchmark {
    private static final int ROWS = 65_536;
    private static final int DIM = 16;
    private static final int CLASSES = 2;
    private static final int TURNS = 20;
    private static final int CALLS_PER_TURN = 1_000;
    private static final int WARMUP = 3_000;

    private final Random random = new Random(42);

    private GatherFloorBenchmark() {
    }

    public static void main(String[] args) {
        new GatherFloorBenchmark().run(new OrtRuntime());
    }

    private void run(OrtRuntime ort) {
        ModelProto floatModel = floatBag();
        Map<String, ModelProto> forms = new LinkedHashMap<>();
        forms.put("float", floatModel);
        forms.put("q4-dq", new ModelQuantizer(new FastQuantizer()).quantize(floatModel,
                QuantizeOptions.of(new QuantSpec(4, 32, QuantMethod.RTN, false)), Map.of()).model());
        forms.put("u8-cast", bytesBag(DIM, false, "Cast"));
        forms.put("u4-floor", bytesBag(DIM / 2, true, "Cast"));
        forms.put("u4-floor-dq", bytesBag(DIM / 2, true, "DequantizeLinear"));
        Map<String, Model> models = new LinkedHashMap<>();
        forms.forEach((name, m) -> models.put(name, ort.load(m.toByteArray(), name)));
        System.out.printf("p50 of one ONNX Runtime %s call, us, and its ratio to float: %d calls per form, taken"
                + " in %d turns that alternate the forms (so that a busy moment of the machine hits them all)%n",
                ort.version(), TURNS * CALLS_PER_TURN, TURNS);
        for (int n : new int[] {40, 150, 600}) {
            long[] ids = random.ints(n, 0, ROWS).asLongStream().toArray();
            Map<String, Value> input = Map.of("ids", new LongTensor(new long[] {1, n}, ids));
            Map<String, long[]> nanos = new LinkedHashMap<>();
            models.forEach((name, model) -> {
                time(model, input, new long[WARMUP], 0, WARMUP);
                nanos.put(name, new long[TURNS * CALLS_PER_TURN]);
            });
            for (int turn = 0; turn < TURNS; turn++) {
                for (Map.Entry<String, Model> e : models.entrySet()) {
                    time(e.getValue(), input, nanos.get(e.getKey()), turn * CALLS_PER_TURN, CALLS_PER_TURN);
                }
            }
            StringBuilder line = new StringBuilder(String.format("%4d ids:", n));
            double reference = p50Micros(nanos.get("float"));
            nanos.forEach((name, t) -> line.append(String.format("  %s %.2f (%.2fx)", name, p50Micros(t),
                    p50Micros(t) / reference)));
            System.out.println(line);
        }
        models.values().forEach(Model::close);
    }

    private static void time(Model model, Map<String, Value> input, long[] into, int from, int calls) {
        for (int i = from; i < from + calls; i++) {
            long t0 = System.nanoTime();
            model.run(input);
            into[i] = System.nanoTime() - t0;
        }
    }

    private static double p50Micros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e3;
    }

    private ModelProto floatBag() {
        GraphBuilder g = bag("float");
        g.floats("table", new long[] {ROWS, DIM}, gaussians(ROWS * DIM));
        g.node("Gather", List.of("table", "ids"), List.of("values"), Map.of("axis", 0));
        return head(g, DIM);
    }

    /** Rows of {@code width} random bytes; with {@code lowNibbles} the bytes are 4-bit pairs unpacked as planes. */
    private ModelProto bytesBag(int width, boolean lowNibbles, String toFloat) {
        GraphBuilder g = bag("bytes");
        byte[] table = new byte[ROWS * width];
        random.nextBytes(table);
        g.initializer(TensorProtos.raw("table", ElementType.UINT8, new long[] {ROWS, width}, table));
        g.node("Gather", List.of("table", "ids"), List.of("rows"), Map.of("axis", 0));
        String codes = "rows";
        if (lowNibbles) {
            g.initializer(TensorProtos.raw("sixteen", ElementType.UINT8, new long[] {}, new byte[] {16}));
            g.node("Mul", List.of("rows", "sixteen"), List.of("low"));
            g.node("Concat", List.of("rows", "low"), List.of("codes"), Map.of("axis", -1));
            codes = "codes";
        }
        if (toFloat.equals("Cast")) {
            g.node("Cast", List.of(codes), List.of("values"), Map.of("to", 1));
        } else {
            g.floats("scale", new long[] {}, new float[] {0.01f});
            g.node("DequantizeLinear", List.of(codes, "scale"), List.of("values"));
        }
        return head(g, DIM);
    }

    private static GraphBuilder bag(String name) {
        GraphBuilder g = new GraphBuilder(name).opset("", 21).irVersion(10);
        g.input("ids", ElementType.INT64, 1, "n");
        g.output("probabilities", ElementType.FLOAT, 1, CLASSES);
        return g;
    }

    private ModelProto head(GraphBuilder g, int dim) {
        g.longs("axes", new long[] {1}, new long[] {1});
        g.node("ReduceMean", List.of("values", "axes"), List.of("mean"), Map.of("keepdims", 0));
        g.floats("weight", new long[] {dim, CLASSES}, gaussians(dim * CLASSES));
        g.floats("bias", new long[] {CLASSES}, gaussians(CLASSES));
        g.node("Gemm", List.of("mean", "weight", "bias"), List.of("logits"));
        g.node("Softmax", List.of("logits"), List.of("probabilities"), Map.of("axis", -1));
        return g.build();
    }

    private float[] gaussians(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return f;
    }
}
