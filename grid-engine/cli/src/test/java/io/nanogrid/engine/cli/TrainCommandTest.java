package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.testing.TextData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsAModelAndReportsTheHeldOutFigures() throws Exception {
        Path data = TextData.tsv(dir.resolve("d.tsv"), 100, 2, TextData.WEATHER_SPORTS_FOOD, TextData.WSF_LABELS);
        Path model = dir.resolve("m.onnx");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--buckets", "4096", "--dim", "8", "--epochs", "6",
                "-o", model.toString(), "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonObject j = r.json();
        assertTrue(j.getAsJsonObject("heldOut").get("accuracy").getAsDouble() > 0.9, r.out());
        assertEquals(3, j.get("labels").getAsInt());
        assertTrue(r.err().contains("epoch  1"), "progress while it runs: " + r.err());
        assertTrue(Files.size(model) > 4096 * 8 * 4);
        CliRun run = CliRun.of("run", model.toString(), "--text", "a big storm and snow", "--json");
        assertEquals("weather", run.json().getAsJsonObject("result").get("label").getAsString());
    }

    private static void assertRefused(CliRun r, String... fragments) {
        assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
        assertFalse(r.err().contains("\tat "), r.toString());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in " + r.err());
        }
    }

    @Test
    void bucketsOutOfRangeAreRefusedBeforeTheDataIsRead() {
        for (String b : new String[] {"0", "-8", "3", "1000", "2097152"}) {
            assertRefused(CliRun.of("train", "--data", dir.resolve("absent.tsv").toString(), "--buckets", b, "-o",
                    dir.resolve("m.onnx").toString()), "--buckets: expected a power of two from 1024 to 1048576, got '"
                    + b + "'");
        }
    }

    @Test
    void badLinesAreRefusedWithTheirNumbersUnlessSkipped() throws Exception {
        Path model = dir.resolve("m.onnx");
        Path noLabel = Files.writeString(dir.resolve("nolabel.tsv"), "text\tlabel\nsunny\tweather\ngoal\t\n");
        assertRefused(CliRun.of("train", "--data", noLabel.toString(), "-o", model.toString()),
                "nolabel.tsv line 3: empty label");
        Path emptyText = Files.writeString(dir.resolve("empty.tsv"), "text\tlabel\nsunny\tweather\n \tsports\n");
        assertRefused(CliRun.of("train", "--data", emptyText.toString(), "-o", model.toString()),
                "empty.tsv line 3: empty text");
        Path latin1 = dir.resolve("latin1.tsv");
        Files.write(latin1, new byte[] {'t', 'e', 'x', 't', '\t', 'l', 'a', 'b', 'e', 'l', '\n', 'a', '\t', 'x', '\n',
            'c', 'a', 'f', (byte) 0xE9, '\t', 'y', '\n'});
        assertRefused(CliRun.of("train", "--data", latin1.toString(), "-o", model.toString()), "latin1.tsv",
                "not valid UTF-8");
        assertFalse(Files.exists(model), "nothing written");

        Path mixed = TextData.tsv(dir.resolve("mixed.tsv"), 60, 3, TextData.WEATHER_SPORTS_FOOD, TextData.WSF_LABELS);
        Files.writeString(mixed, " \tfood\nlost label\t\n", StandardOpenOption.APPEND);
        CliRun r = CliRun.of("train", "--data", mixed.toString(), "--skip-bad", "--buckets", "4096", "--dim", "8",
                "--epochs", "3", "-o", model.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("skipped 2 lines of"), r.err());
        assertTrue(r.err().contains("line 182: empty text"), r.err());
    }

    @Test
    void aTestLabelNeverSeenInTrainingIsSaidClearly() throws Exception {
        Path train = TextData.tsv(dir.resolve("train.tsv"), 40, 4, TextData.WEATHER_SPORTS_FOOD, TextData.WSF_LABELS);
        Path test = Files.writeString(dir.resolve("test.tsv"), "text\tlabel\nrain and wind\tweather\n"
                + "the market fell sharply\tfinance\n");
        CliRun r = CliRun.of("train", "--data", train.toString(), "--test", test.toString(), "--buckets", "4096",
                "--dim", "8", "--epochs", "3", "-o", dir.resolve("m.onnx").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("label 'finance' appears in the test data (1 examples) but never in the training "
                + "data: the model cannot predict it"), r.err());
    }
}
