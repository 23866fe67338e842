package io.nanogrid.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.nanogrid.engine.decode.EmbeddingAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.testing.MiniLm;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real transformer nobody here trained (all-MiniLM-L6-v2, from its Maven Central artifact) fed text
 * through its own tokenizer.json: the grid's pooled embedding equals the one computed by calling the
 * Hugging Face tokenizers library and ONNX Runtime directly and pooling by hand.
 */
class TransformerTest {
    private static final OrtRuntime ORT = new OrtRuntime();
    private static final List<String> TEXTS = List.of("play some jazz on spotify",
            "Stocks rallied after the central bank held interest rates steady",
            "the plot is thin and the acting is worse", "Wie wird das Wetter morgen in Berlin?",
            "WIN a FREE prize, text 80086 now to claim 👍🏽", "", "a", "Je voudrais réserver une table pour deux",
            "word ".repeat(200));

    @Test
    void theGridsEmbeddingIsTheOneOnnxRuntimeGivesDirectly() throws Exception {
        GridSpec spec = GridSpec.of("minilm", new ExpertSpec("minilm", MiniLm.MODEL,
                TokenizerSpec.of(MiniLm.TOKENIZER), null, null));
        try (Grid grid = Grid.open(spec, MiniLm.dir(), ORT);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession direct = env.createSession(MiniLm.model().toString(), new OrtSession.SessionOptions());
                HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(MiniLm.tokenizer(),
                        Map.of("maxLength", "128", "truncation", "true", "padding", "false"))) {
            for (String text : TEXTS) {
                GridResponse r = grid.route(new TextRequest(text));
                assertNull(r.error(), () -> r.error().message());
                EmbeddingAnswer a = assertInstanceOf(EmbeddingAnswer.class, r.result(),
                        "the decoder is guessed from the outputs: mean pooling over the attention mask");
                assertEquals(384, a.dimensions());
                assertEquals("mean", a.pooling());
                float[] expected = directly(env, direct, hf.encode(text));
                double dot = 0;
                double maxDiff = 0;
                for (int i = 0; i < 384; i++) {
                    dot += a.embedding()[i] * expected[i];
                    maxDiff = Math.max(maxDiff, Math.abs(a.embedding()[i] - expected[i]));
                }
                assertTrue(maxDiff < 1e-5 && Math.abs(dot - 1) < 1e-5, text + ": max difference " + maxDiff
                        + ", cosine " + dot);
            }
        }
    }

    /** Tokenize, run, mean-pool over the mask and L2-normalize, with nothing of ours in between. */
    private static float[] directly(OrtEnvironment env, OrtSession session, Encoding e) throws Exception {
        long[] shape = {1, e.getIds().length};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape);
                OrtSession.Result out = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                        "token_type_ids", types))) {
            float[][] hidden = ((float[][][]) out.get("last_hidden_state").get().getValue())[0];
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

    @Test
    void clsPoolingWithoutNormalizationIsTheFirstTokensVector() {
        GridSpec spec = GridSpec.of("minilm", new ExpertSpec("minilm", MiniLm.MODEL,
                TokenizerSpec.of(MiniLm.TOKENIZER), new EmbeddingSpec("cls", false, null, null), null));
        try (Grid grid = Grid.open(spec, MiniLm.dir(), ORT)) {
            EmbeddingAnswer a = (EmbeddingAnswer) grid.route(new TextRequest("hello world")).result();
            assertEquals("cls", a.pooling());
            double norm = 0;
            for (float x : a.embedding()) {
                norm += x * x;
            }
            assertTrue(Math.abs(Math.sqrt(norm) - 1) > 0.01, "not normalized: " + Math.sqrt(norm));
        }
    }
}
