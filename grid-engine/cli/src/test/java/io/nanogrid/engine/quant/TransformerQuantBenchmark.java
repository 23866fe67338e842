package io.nanogrid.engine.quant;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transformer table of the README's Quantization section: quantized variants of a sentence encoder
 * (all-MiniLM-L6-v2) against its float model, measured independently of nanogrid's runtime (ONNX Runtime
 * and the Hugging Face tokenizers library called directly, one intra-op thread, mean pooling over the
 * attention mask, L2-normalized). For each variant: file bytes, time to embed the SST-2 dev sentences
 * (the median of alternated rounds, the variants' order rotated every round), the mean cosine of each
 * embedding to the float one, and the accuracy of an SST-2 sentiment head (a logistic regression trained
 * once on float embeddings of SST-2 train sentences, deterministic) reading each variant's embeddings,
 * with its agreement with the float head's answers. Run (from the repository's root):
 *
 * <pre>./mvnw -o -q -pl grid-engine/cli -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp grid-engine/cli/target/test-classes:$(cat grid-engine/cli/target/test-classpath.txt) \
 *     io.nanogrid.engine.quant.TransformerQuantBenchmark --tokenizer T.json --sst2 ../shared/data/text/sst2 \
 *     float=all-minilm-l6-v2.onnx q8-dyn=dyn.onnx q4=q4.onnx ...</pre>
 *
 * The first variant is the reference. Options: --sentences N (timed dev sentences, 200), --rounds N (5),
 * --train N (head training sentences, 2000).
 */
public final class TransformerQuantBenchmark {
    private TransformerQuantBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path tokenizer = null;
        Path sst2 = null;
        int sentences = 200;
        int rounds = 5;
        int train = 2000;
        Map<String, Path> variants = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tokenizer" -> tokenizer = Path.of(args[++i]);
                case "--sst2" -> sst2 = Path.of(args[++i]);
                case "--sentences" -> sentences = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--train" -> train = Integer.parseInt(args[++i]);
                default -> {
                    String[] kv = args[i].split("=", 2);
                    variants.put(kv[0], Path.of(kv[1]));
                }
            }
        }
        if (tokenizer == null || sst2 == null || variants.isEmpty()) {
            throw new IllegalArgumentException("usage: --tokenizer T.json --sst2 DIR name=model.onnx ...");
        }
        List<String[]> dev = Sst2.read(sst2.resolve("dev.tsv"), Integer.MAX_VALUE);
        List<String[]> trainRows = Sst2.read(sst2.resolve("train.tsv"), train);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(tokenizer,
                Map.of("maxLength", "128", "truncation", "true", "padding", "false"))) {
            List<Encoding> devEnc = dev.stream().map(r -> hf.encode(r[0])).toList();
            List<Encoding> trainEnc = trainRows.stream().map(r -> hf.encode(r[0])).toList();
            int[] devLabels = dev.stream().mapToInt(r -> Integer.parseInt(r[1])).toArray();
            int[] trainLabels = trainRows.stream().mapToInt(r -> Integer.parseInt(r[1])).toArray();
            List<String> names = new ArrayList<>(variants.keySet());
            Map<String, OrtSession> sessions = new LinkedHashMap<>();
            try {
                for (String name : names) {
                    sessions.put(name, env.createSession(variants.get(name).toString(), options()));
                }
                String ref = names.get(0);
                float[][] refTrain = embedAll(env, sessions.get(ref), trainEnc);
                LogisticHead head = LogisticHead.train(refTrain, trainLabels, 1e-3, 300);
                Map<String, float[][]> devEmb = new LinkedHashMap<>();
                for (String name : names) {
                    devEmb.put(name, embedAll(env, sessions.get(name), devEnc));
                }
                List<Encoding> timed = devEnc.subList(0, Math.min(sentences, devEnc.size()));
                Map<String, List<Double>> millis = new LinkedHashMap<>();
                names.forEach(n -> millis.put(n, new ArrayList<>()));
                for (String n : names) {
                    embedAll(env, sessions.get(n), timed.subList(0, Math.min(20, timed.size()))); // warm-up
                }
                for (int r = 0; r < rounds; r++) {
                    for (int k = 0; k < names.size(); k++) {
                        String n = names.get((k + r) % names.size());
                        long t0 = System.nanoTime();
                        embedAll(env, sessions.get(n), timed);
                        millis.get(n).add((System.nanoTime() - t0) / 1e6);
                    }
                }
                print(names, variants, millis, devEmb, ref, head, devLabels, timed.size(), rounds);
            } finally {
                for (OrtSession s : sessions.values()) {
                    s.close();
                }
            }
        }
    }

    private static void print(List<String> names, Map<String, Path> files, Map<String, List<Double>> millis,
            Map<String, float[][]> emb, String ref, LogisticHead head, int[] labels, int timed, int rounds)
            throws IOException {
        double refTime = median(millis.get(ref));
        int[] refPred = head.predict(emb.get(ref));
        System.out.printf(Locale.ROOT, "%d timed dev sentences x %d alternated rounds, one thread; cosine, head accuracy "
                + "and agreement over %d dev sentences; load average %s%n", timed, rounds, labels.length, load());
        System.out.printf(Locale.ROOT, "| variant | file | ms (median, min-max) | time vs %s | mean cosine | min cosine "
                + "| SST-2 head accuracy | head agreement |%n|---|---|---|---|---|---|---|---|%n", ref);
        for (String n : names) {
            float[][] e = emb.get(n);
            double sum = 0;
            double min = 1;
            for (int i = 0; i < e.length; i++) {
                double c = dot(e[i], emb.get(ref)[i]);
                sum += c;
                min = Math.min(min, c);
            }
            int[] pred = head.predict(e);
            int right = 0;
            int agree = 0;
            for (int i = 0; i < pred.length; i++) {
                right += pred[i] == labels[i] ? 1 : 0;
                agree += pred[i] == refPred[i] ? 1 : 0;
            }
            List<Double> ms = millis.get(n);
            System.out.printf(Locale.ROOT, "| %s | %.1f MB | %.0f (%.0f-%.0f) | %.2fx | %.4f | %.4f | %.4f | %.4f |%n", n,
                    Files.size(files.get(n)) / 1e6, median(ms), ms.stream().mapToDouble(d -> d).min().orElse(0),
                    ms.stream().mapToDouble(d -> d).max().orElse(0), median(ms) / refTime, sum / e.length, min,
                    right / (double) pred.length, agree / (double) pred.length);
        }
    }

    static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(1);
        o.setInterOpNumThreads(1);
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return o;
    }

    static float[][] embedAll(OrtEnvironment env, OrtSession s, List<Encoding> encodings) throws OrtException {
        float[][] out = new float[encodings.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embed(env, s, encodings.get(i));
        }
        return out;
    }

    /** Tokens in, mean pooling over the attention mask, L2-normalized. */
    static float[] embed(OrtEnvironment env, OrtSession session, Encoding e) throws OrtException {
        long[] shape = {1, e.getIds().length};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape);
                OrtSession.Result out = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                        "token_type_ids", types))) {
            float[][] hidden = ((float[][][]) out.get(0).getValue())[0];
            float[] v = new float[hidden[0].length];
            int n = 0;
            for (int t = 0; t < hidden.length; t++) {
                if (e.getAttentionMask()[t] == 1) {
                    n++;
                    for (int h = 0; h < v.length; h++) {
                        v[h] += hidden[t][h];
                    }
                }
            }
            double norm = 0;
            for (int h = 0; h < v.length; h++) {
                v[h] /= n;
                norm += v[h] * v[h];
            }
            for (int h = 0; h < v.length; h++) {
                v[h] /= (float) Math.sqrt(norm);
            }
            return v;
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(d -> d).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** SST-2 rows: text, label; the header skipped. */
    static final class Sst2 {
        static List<String[]> read(Path tsv, int limit) throws IOException {
            List<String[]> out = new ArrayList<>();
            for (String line : Files.readAllLines(tsv)) {
                String[] f = line.split("\t");
                if (f.length == 2 && !f[1].equals("label") && out.size() < limit) {
                    out.add(new String[] {f[0].strip(), f[1].strip()});
                }
            }
            return out;
        }
    }

    /** Binary logistic regression by full-batch gradient descent with L2: deterministic (zero start, fixed steps). */
    record LogisticHead(double[] w, double b) {
        static LogisticHead train(float[][] x, int[] y, double l2, int steps) {
            int d = x[0].length;
            double[] w = new double[d];
            double b = 0;
            double lr = 2.0;
            for (int s = 0; s < steps; s++) {
                double[] g = new double[d];
                double gb = 0;
                for (int i = 0; i < x.length; i++) {
                    double z = b;
                    for (int j = 0; j < d; j++) {
                        z += w[j] * x[i][j];
                    }
                    double err = 1 / (1 + Math.exp(-z)) - y[i];
                    for (int j = 0; j < d; j++) {
                        g[j] += err * x[i][j];
                    }
                    gb += err;
                }
                for (int j = 0; j < d; j++) {
                    w[j] -= lr * (g[j] / x.length + l2 * w[j]);
                }
                b -= lr * gb / x.length;
            }
            return new LogisticHead(w, b);
        }

        int[] predict(float[][] x) {
            int[] out = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                double z = b;
                for (int j = 0; j < w.length; j++) {
                    z += w[j] * x[i][j];
                }
                out[i] = z > 0 ? 1 : 0;
            }
            return Arrays.copyOf(out, out.length);
        }
    }
}
