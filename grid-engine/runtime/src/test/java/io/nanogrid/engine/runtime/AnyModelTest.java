package io.nanogrid.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nanogrid.engine.decode.FramesAnswer;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.decode.MultiLabelAnswer;
import io.nanogrid.engine.decode.TensorAnswer;
import io.nanogrid.engine.decode.ValuesAnswer;
import io.nanogrid.engine.features.AudioRequest;
import io.nanogrid.engine.features.InputsRequest;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.AudioSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.MultiLabelSpec;
import io.nanogrid.engine.grid.TensorSpec;
import io.nanogrid.engine.grid.TensorValue;
import io.nanogrid.engine.grid.ValuesSpec;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.testing.DirectOrt.In;
import io.nanogrid.engine.testing.DirectOrt;
import io.nanogrid.engine.testing.ShapeModels;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.files.BadInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models of every shape users bring (built in code, see {@link ShapeModels}), each through a grid and
 * checked against ONNX Runtime called directly: string input, several inputs, recurrent state over 100
 * calls, a streaming detector over a recording, one-column and multi-label sigmoid heads, [1, 1000, 1, 1]
 * scores, a spectrogram, regression values.
 */
class AnyModelTest {
    private static final OrtRuntime ORT = new OrtRuntime();

    @TempDir
    Path dir;

    private Path write(ModelProto m, String name) {
        return TestModels.write(m, dir.resolve(name));
    }

    private Grid open(ExpertSpec e) {
        return Grid.open(GridSpec.of(e.id(), e), dir, ORT);
    }

    @Test
    void aStringPipelineIsFedRawText() {
        Path model = write(ShapeModels.stringPipeline("C"), "pipeline.onnx");
        try (Grid grid = open(ExpertSpec.of("sentiment", "pipeline.onnx", null,
                LabelsSpec.of(List.of("negative", "positive")))); DirectOrt direct = new DirectOrt(model)) {
            for (String text : List.of("Great fun", "an awful boring film", "good bad fun", "nothing known good")) {
                LabelAnswer a = (LabelAnswer) grid.route(new TextRequest(text)).result();
                float[] p = direct.run(Map.of("text", new In(new String[] {text}, 1))).get("probabilities");
                assertEquals(p[1], a.probabilities().get("positive"), 1e-6, text);
                assertEquals(p[1] >= p[0] ? "positive" : "negative", a.label(), text);
            }
            assertEquals("positive", ((LabelAnswer) grid.route(new TextRequest("GREAT FUN")).result()).label(),
                    "lower-cased by the model's StringNormalizer");
        }
    }

    @Test
    void aMissingLocaleIsNamedWithHowToInstallIt() {
        write(ShapeModels.stringPipeline("xx_YY.UTF-8"), "needs-locale.onnx");
        BadInputException e = assertThrows(BadInputException.class,
                () -> ORT.load(dir.resolve("needs-locale.onnx")));
        assertTrue(e.getMessage().contains("needs the locale xx_YY.UTF-8"), e.getMessage());
        assertTrue(e.getMessage().contains("locale-gen"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void recurrentStateIsCarriedOverAHundredCallsOfASession() {
        Path model = write(ShapeModels.recurrent(6, 6), "rnn.onnx");
        ExpertSpec e = ExpertSpec.of("rnn", "rnn.onnx", new TensorSpec(null, null, Map.of("h", "h_out")), null);
        Random r = new Random(1);
        try (Grid grid = open(e); DirectOrt direct = new DirectOrt(model)) {
            float[] h = new float[6];
            for (int call = 0; call < 100; call++) {
                float[] x = {(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian(),
                    (float) r.nextGaussian()};
                LabelAnswer a = (LabelAnswer) grid.route(new TensorRequest(new FloatTensor(new long[] {1, 4}, x)),
                        "session-1").result();
                Map<String, float[]> out = direct.run(Map.of("x", new In(x, 1, 4), "h", new In(h, 1, 6)));
                h = out.get("h_out");
                for (int k = 0; k < 3; k++) {
                    assertEquals(out.get("y")[k], a.probabilities().get(Integer.toString(k)), 1e-6, "call " + call);
                }
            }
            float[] x0 = {1, 0, 0, 0};
            LabelAnswer fresh = (LabelAnswer) grid.route(new TensorRequest(new FloatTensor(new long[] {1, 4}, x0)),
                    "another").result();
            float[] y0 = direct.run(Map.of("x", new In(x0, 1, 4), "h", new In(new float[6], 1, 6))).get("y");
            assertEquals(y0[0], fresh.probabilities().get("0"), 1e-6, "another session starts from zeros");
        }
    }

    @Test
    void aStateThatChangesShapeIsRefusedWhenBound() {
        write(ShapeModels.recurrent(6, 5), "bad-rnn.onnx");
        try (Grid grid = open(ExpertSpec.of("rnn", "bad-rnn.onnx", new TensorSpec(null, null, Map.of("h", "h_out")),
                null))) {
            String warning = String.join("\n", grid.warnings());
            assertTrue(warning.contains("input.state.h: the state changes shape: the input is float [1, 6] but the "
                    + "output 'h_out' is float [1, 5]"), warning);
        }
    }

    @Test
    void aStreamDetectorAnswersARecordingFrameByFrameWithItsState() {
        Path model = write(ShapeModels.streamDetector(10), "detector.onnx");
        AudioSpec audio = new AudioSpec(16_000, 10, 8, null, Map.of("sr", new TensorValue(List.of(1L), "int64",
                List.of(16000))), Map.of("state", "stateN"));
        float[] samples = new float[8 * 40];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i >= 8 * 10 && i < 8 * 20 ? (float) Math.sin(i * 0.7) : 0f; // a burst in frames 10..19
        }
        try (Grid grid = open(ExpertSpec.of("vad", "detector.onnx", audio, null)); DirectOrt direct =
                new DirectOrt(model)) {
            GridResponse r = grid.route(new AudioRequest(samples, 16_000, "burst"));
            FramesAnswer f = assertInstanceOf(FramesAnswer.class, r.result(), () -> String.valueOf(r.error()));
            assertEquals(40, f.frames().size());
            assertEquals(0.0005, f.frameSeconds(), 1e-12);
            float[] state = new float[8];
            for (int k = 0; k < 40; k++) {
                float[] frame = new float[10];
                for (int i = 0; i < 10; i++) {
                    int at = k * 8 - 2 + i;
                    frame[i] = at >= 0 ? samples[at] : 0;
                }
                Map<String, float[]> out = direct.run(Map.of("input", new In(frame, 1, 10), "state",
                        new In(state, 2, 1, 4), "sr", new In(new long[] {16000}, 1)));
                state = out.get("stateN");
                FramesAnswer.Frame got = f.frames().get(k);
                assertEquals(k * 0.0005, got.time(), 1e-9);
                LabelAnswer a = (LabelAnswer) got.answer();
                assertEquals(out.get("output")[0], a.probabilities().get("1"), 1e-6, "frame " + k);
            }
            assertEquals("0", f.frames().get(5).label());
            assertEquals("1", f.frames().get(15).label(), "the burst is detected");
        }
    }

    @Test
    void aOneColumnSigmoidHeadIsBinaryNeverASoftmaxOfOne() {
        write(ShapeModels.sigmoidHead(false), "wake.onnx");
        write(ShapeModels.sigmoidHead(true), "wake-logit.onnx");
        for (String file : List.of("wake.onnx", "wake-logit.onnx")) {
            try (Grid grid = open(ExpertSpec.of("wake", file, null, null))) {
                LabelAnswer on = (LabelAnswer) grid.route(tensor(1, 0, 0, 1)).result();
                double p = 1 / (1 + Math.exp(-(1 + 2 - 0.25)));
                assertEquals("1", on.label(), file);
                assertEquals(p, on.score(), 1e-6, file);
                assertEquals(p, on.probabilities().get("1"), 1e-6);
                LabelAnswer off = (LabelAnswer) grid.route(tensor(0, 1, 0, -1)).result();
                double q = 1 / (1 + Math.exp(-(-1 - 2 - 0.25)));
                assertEquals("0", off.label(), file);
                assertEquals(1 - q, off.score(), 1e-6, "the score is the answered label's probability");
                assertTrue(off.score() < 1, "not a confident 1.00");
            }
        }
        try (Grid grid = open(ExpertSpec.of("wake", "wake.onnx", null, new LabelsSpec(List.of("quiet", "wake"),
                null, null, 0.99)))) {
            LabelAnswer a = (LabelAnswer) grid.route(tensor(1, 0, 0, 1)).result();
            assertEquals("quiet", a.label(), "below its own threshold of 0.99");
        }
    }

    @Test
    void aMultiLabelHeadAnswersEveryLabelOverItsThreshold() {
        Path model = write(ShapeModels.multiLabelHead(), "tags.onnx");
        List<String> tags = List.of("urgent", "billing", "spam", "personal", "work");
        try (Grid grid = open(ExpertSpec.of("tags", "tags.onnx", null, new MultiLabelSpec(tags, "probabilities",
                0.5, null))); DirectOrt direct = new DirectOrt(model)) {
            float[] x = {0.5f, -1, 2, 0.3f};
            MultiLabelAnswer a = (MultiLabelAnswer) grid.route(tensor(x)).result();
            float[] p = direct.run(Map.of("x", new In(x, 1, 4))).get("scores");
            for (int i = 0; i < 5; i++) {
                assertEquals(p[i], a.scores().get(tags.get(i)), 1e-6);
                assertEquals(p[i] >= 0.5, a.labels().contains(tags.get(i)), tags.get(i));
            }
            assertTrue(a.labels().size() >= 1 && a.labels().size() < 5, a.labels().toString());
        }
    }

    @Test
    void aThousandClassOutputShapedOneThousandOneOneIsReadAsThousandScores() {
        Path model = write(ShapeModels.thousandClasses(), "thousand.onnx");
        Random r = new Random(2);
        float[] img = new float[3 * 64];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) r.nextGaussian();
        }
        try (Grid grid = open(ExpertSpec.of("imagenet", "thousand.onnx", new TensorSpec(null), null));
                DirectOrt direct = new DirectOrt(model)) {
            LabelAnswer a = (LabelAnswer) grid.route(new TensorRequest(new FloatTensor(new long[] {1, 3, 8, 8}, img)))
                    .result();
            float[] p = direct.run(Map.of("image", new In(img, 1, 3, 8, 8))).get("prob");
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                best = p[i] > p[best] ? i : best;
            }
            assertEquals(1000, a.probabilities().size());
            assertEquals(Integer.toString(best), a.label());
            assertEquals(p[best], a.score(), 1e-6);
        }
    }

    @Test
    void aSpectrogramIsARawTensorWithNoLabelsMadeUp() {
        write(ShapeModels.spectrogram(), "spec.onnx");
        try (Grid grid = open(ExpertSpec.of("spec", "spec.onnx", new TensorSpec(null), null))) {
            TensorAnswer t = assertInstanceOf(TensorAnswer.class, grid.route(new TensorRequest(
                    new FloatTensor(new long[] {1, 32}, new float[32]))).result());
            assertArrayEquals(new long[] {1, 8, 4}, t.shape());
        }
    }

    @Test
    void regressionValuesAreAnsweredAsTheyAre() {
        write(ShapeModels.multiLabelHead(), "reg.onnx");
        try (Grid grid = open(ExpertSpec.of("reg", "reg.onnx", null, new ValuesSpec(List.of("a", "b", "c", "d",
                "e"), null)))) {
            ValuesAnswer v = (ValuesAnswer) grid.route(tensor(0, 0, 0, 0)).result();
            assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(v.values().keySet()));
            assertEquals(0.5, v.values().get("c"), 1e-6, "sigmoid(0)");
        }
    }

    @Test
    void namedInputsAreFedByNameAndMistakesAreNamed() {
        write(ShapeModels.recurrent(6, 6), "two.onnx");
        try (Grid grid = open(ExpertSpec.of("two", "two.onnx", null, LabelsSpec.of(List.of("a", "b", "c"))))) {
            GridResponse ok = grid.route(new InputsRequest(Map.of("x", new FloatTensor(new long[] {1, 4},
                    new float[4]), "h", new FloatTensor(new long[] {1, 6}, new float[6]))));
            assertNull(ok.error(), () -> ok.error().message());
            GridResponse missing = grid.route(new InputsRequest(Map.of("x", new FloatTensor(new long[] {1, 4},
                    new float[4]))));
            assertEquals("expert 'two': missing input 'h' (float [1, 6])", missing.error().message());
            assertTrue(missing.refused());
            GridResponse unknown = grid.route(new InputsRequest(Map.of("x", new FloatTensor(new long[] {1, 4},
                    new float[4]), "hh", new FloatTensor(new long[] {1, 6}, new float[6]))));
            assertEquals("expert 'two': unknown input 'hh'; expected [x, h]", unknown.error().message());
            GridResponse type = grid.route(new InputsRequest(Map.of("x", new FloatTensor(new long[] {1, 4},
                    new float[4]), "h", new StringTensor(new long[] {1, 6},
                    new String[] {"a", "b", "c", "d", "e", "f"}))));
            assertTrue(type.refused() && type.error().message().contains("input 'h' expects float [1, 6], got string"),
                    type.error().message());
            GridResponse one = grid.route(new TensorRequest(new FloatTensor(new long[] {1, 4}, new float[4])));
            assertTrue(one.refused() && one.error().message().contains("this model takes inputs [x, h]; send them by "
                    + "name"), one.error().message());
        }
    }

    @Test
    void aStringSentToANumericInputIsRefusedNamingIt() {
        write(ShapeModels.sigmoidHead(false), "head.onnx");
        try (Grid grid = open(ExpertSpec.of("head", "head.onnx", null, null))) {
            GridResponse r = grid.route(new TextRequest("hello"));
            assertEquals("expert 'head': this model takes tensors, not a text request", r.error().message());
            GridResponse ids = grid.route(new TensorRequest(new LongTensor(new long[] {1, 4}, new long[4])));
            assertNull(ids.error(), "integers are fed to a float input as numbers");
        }
    }

    private static TensorRequest tensor(float... x) {
        return new TensorRequest(new FloatTensor(new long[] {1, x.length}, x));
    }
}
