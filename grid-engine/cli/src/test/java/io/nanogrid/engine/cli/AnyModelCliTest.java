package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.testing.MiniLm;
import io.nanogrid.engine.testing.NpyFiles;
import io.nanogrid.engine.testing.ShapeModels;
import io.nanogrid.engine.testing.TestModels;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nanogrid run` on models nanogrid did not make: a transformer, a stream model, a stateful one; and refusals. */
class AnyModelCliTest {
    @TempDir
    Path dir;

    @Test
    void aTransformerIsFedTextThroughItsTokenizer() {
        CliRun r = CliRun.of("run", MiniLm.model().toString(), "--tokenizer", MiniLm.tokenizer().toString(), "--text",
                "play some jazz on spotify", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject result = r.json().getAsJsonObject("result");
        assertEquals(384, result.get("dimensions").getAsInt());
        assertEquals("mean", result.get("pooling").getAsString());
        CliRun noTokenizer = CliRun.of("run", MiniLm.model().toString(), "--text", "hello");
        assertEquals(Cli.BAD_INPUT, noTokenizer.exit());
        assertTrue(noTokenizer.err().contains("give its tokenizer (--tokenizer tokenizer.json"), noTokenizer.err());
    }

    @Test
    void aStreamModelAnswersARecordingFrameByFrame() throws Exception {
        Path model = TestModels.write(ShapeModels.streamDetector(10), dir.resolve("detector.onnx"));
        Path wav = dir.resolve("burst.wav");
        short[] pcm = new short[400]; // 50 ms at 8 kHz: silence, a burst from 20 to 30 ms, silence
        for (int i = 160; i < 240; i++) {
            pcm[i] = (short) (Math.sin(i * 0.9) * 25000);
        }
        writeWav(wav, pcm, 8000);
        CliRun r = CliRun.of("run", model.toString(), "--audio", wav.toString(), "--state", "state=stateN",
                "--constant", "sr=16000", "--hop", "8", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonArray frames = r.json().getAsJsonObject("result").getAsJsonArray("frames");
        assertEquals(100, frames.size(), "800 samples at 16 kHz, a frame every 8");
        assertEquals("0", frames.get(10).getAsJsonObject().get("label").getAsString());
        assertEquals("1", frames.get(50).getAsJsonObject().get("label").getAsString(), "the burst, at 25 ms");
        assertEquals(0.025, frames.get(50).getAsJsonObject().get("time").getAsDouble(), 1e-9);
        CliRun text = CliRun.of("run", model.toString(), "--audio", wav.toString(), "--state", "state=stateN",
                "--constant", "sr=16000", "--hop", "8");
        assertTrue(text.out().contains("frames      100, one every 0.5 ms"), text.out());
    }

    @Test
    void framesOfAnArrayAreOneSessionWithItsStateCarried() {
        Path model = TestModels.write(ShapeModels.recurrent(6, 6), dir.resolve("rnn.onnx"));
        Random rnd = new Random(4);
        float[] x = new float[20 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        Path xs = NpyFiles.floats(dir.resolve("x.npy"), new long[] {20, 4}, x);
        CliRun carried = CliRun.of("run", model.toString(), "--input", "x=" + xs, "--state", "h=h_out", "--frames",
                "--json");
        assertEquals(0, carried.exit(), carried.toString());
        List<String> lines = carried.out().lines().toList();
        assertEquals(20, lines.size(), "one JSON object per frame");
        // the last frame alone, from a fresh state, answers differently from the carried run's last frame
        Path last = NpyFiles.floats(dir.resolve("last.npy"), new long[] {1, 4}, java.util.Arrays.copyOfRange(x, 76,
                80));
        CliRun alone = CliRun.of("run", model.toString(), "--tensor", last.toString(), "--state", "h=h_out",
                "--json");
        JsonObject carriedLast = JsonParser.parseString(lines.get(19)).getAsJsonObject().getAsJsonObject("result");
        double p0 = carriedLast.getAsJsonObject("probabilities").get("0").getAsDouble();
        double q0 = alone.json().getAsJsonObject("result").getAsJsonObject("probabilities").get("0").getAsDouble();
        assertTrue(Math.abs(p0 - q0) > 1e-4, "the state carried 19 frames: " + p0 + " vs " + q0);
    }

    @Test
    void badInputIsOneLineNamingItAndNothingIsWritten() throws Exception {
        Path model = TestModels.write(ShapeModels.recurrent(6, 6), dir.resolve("rnn.onnx"));
        Path x = NpyFiles.floats(dir.resolve("x.npy"), new long[] {1, 4}, new float[4]);
        CliRun missing = CliRun.of("run", model.toString(), "--input", "x=" + x);
        assertEquals(Cli.BAD_INPUT, missing.exit());
        assertEquals("nanogrid: expert 'rnn': missing input 'h' (float [1, 6])", missing.err().strip());
        Path ids = NpyFiles.longs(dir.resolve("h.npy"), new long[] {1, 6}, new long[6]);
        CliRun typed = CliRun.of("run", model.toString(), "--input", "x=" + x, "--input", "hh=" + ids);
        assertEquals("nanogrid: expert 'rnn': unknown input 'hh'; expected [x, h]", typed.err().strip());

        Path grid = dir.resolve("grid.json");
        assertEquals(0, CliRun.of("grid", "new", "g", "-o", grid.toString()).exit());
        String before = Files.readString(grid);
        Path notTokenizer = Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n[UNK]\n");
        CliRun bad = CliRun.of("grid", "add", grid.toString(), MiniLm.model().toString(), "--tokenizer",
                notTokenizer.toString());
        assertEquals(Cli.BAD_INPUT, bad.exit(), bad.toString());
        assertTrue(bad.err().strip().endsWith(notTokenizer + ": not a Hugging Face tokenizer.json (it is not a JSON "
                + "object)"), bad.err());
        assertEquals(1, bad.err().strip().lines().count());
        assertEquals(before, Files.readString(grid), "nothing written");
        CliRun state = CliRun.of("run", TestModels.write(ShapeModels.recurrent(6, 5), dir.resolve("bad.onnx"))
                .toString(), "--input", "x=" + x, "--state", "h=h_out");
        assertEquals(Cli.BAD_INPUT, state.exit());
        assertTrue(state.err().contains("input.state.h: the state changes shape: the input is float [1, 6] but the "
                + "output 'h_out' is float [1, 5]"), state.err());
    }

    private static void writeWav(Path file, short[] pcm, int rate) throws Exception {
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), f, pcm.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
