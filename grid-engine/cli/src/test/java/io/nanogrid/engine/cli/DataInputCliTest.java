package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.data.BinaryDatasetsTest;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.engine.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data that eval, bench and sweep refuse, each with exit 2 and one line naming what is wrong: bytes
 * that are not UTF-8 (on their own line), paths that are not data files, data of the wrong kind for
 * the model, and numbers out of range.
 */
class DataInputCliTest {
    @TempDir
    Path dir;

    private Path model;
    private Path data;

    @BeforeEach
    void writeAModelAndData() throws Exception {
        model = TestModels.write(TestModels.keywordClassifier(List.of("a", "b"), Map.of("a", List.of("x"),
                "b", List.of("y"))), dir.resolve("k.onnx"));
        data = Files.writeString(dir.resolve("d.tsv"), "text\tlabel\nx\ta\ny\tb\nx x\ta\n");
    }

    /** The first line of stderr, after checking the exit code and that there is no stack trace. */
    private static String refused(CliRun r) {
        assertEquals(Cli.BAD_INPUT, r.exit(), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        String line = r.err().strip().lines().findFirst().orElse("");
        assertTrue(line.startsWith("nanogrid: "), r.toString());
        return line;
    }

    private static void assertContains(String line, String... fragments) {
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' in: " + line);
        }
    }

    /** A TSV file of {@code lines} lines (header included) whose line {@code bad} holds a byte that is not UTF-8. */
    private Path tsvWithABadByte(String name, int lines, int bad) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("text\tlabel\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 2; i <= lines; i++) {
            out.writeBytes((i == bad ? "caf" : "x é ").getBytes(StandardCharsets.UTF_8));
            if (i == bad) {
                out.write(0xE9);
            }
            out.writeBytes(("\t" + (i % 2 == 0 ? "a" : "b") + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    @Test
    void bytesThatAreNotUtf8AreReportedOnTheirOwnLineAndSkippedWithSkipBad() throws Exception {
        Path big = tsvWithABadByte("big.tsv", 3000, 2002);
        assertEquals("nanogrid: " + big + " line 2002: not valid UTF-8 (use --skip-bad to skip such lines)",
                refused(CliRun.of("eval", model.toString(), "--data", big.toString())));
        CliRun skipped = CliRun.of("eval", model.toString(), "--data", big.toString(), "--skip-bad", "--json");
        assertEquals(Cli.OK, skipped.exit(), skipped.toString());
        JsonObject j = skipped.json();
        assertEquals(2998, j.get("n").getAsInt());
        assertEquals(List.of(big + " line 2002: not valid UTF-8"),
                j.getAsJsonArray("skipped").asList().stream().map(e -> e.getAsString()).toList());

        Path small = tsvWithABadByte("small.tsv", 5, 3);
        assertContains(refused(CliRun.of("eval", model.toString(), "--data", small.toString())),
                small + " line 3: not valid UTF-8");

        Path csv = dir.resolve("d.csv");
        Files.write(csv, new byte[] {'t', 'e', 'x', 't', ',', 'l', 'a', 'b', 'e', 'l', '\n', 'x', ',', 'a', '\n',
            'c', 'a', 'f', (byte) 0xE9, ',', 'b', '\n', 'y', ',', 'b', '\n'});
        assertEquals("nanogrid: " + csv + " line 3: not valid UTF-8 (use --skip-bad to skip such lines)",
                refused(CliRun.of("eval", model.toString(), "--data", csv.toString())));
        CliRun csvSkipped = CliRun.of("eval", model.toString(), "--data", csv.toString(), "--skip-bad", "--json");
        assertEquals(Cli.OK, csvSkipped.exit(), csvSkipped.toString());
        assertEquals(2, csvSkipped.json().get("n").getAsInt());
        assertEquals(csv + " line 3: not valid UTF-8",
                csvSkipped.json().getAsJsonArray("skipped").get(0).getAsString());
    }

    @Test
    void aFileWithoutAHeaderIsPointedToNoHeader() throws Exception {
        Path headless = Files.writeString(dir.resolve("headless.tsv"), "x marks the spot where the union workers "
                + "said they are disappointed\ta\ny\tb\n");
        String line1 = "[x marks the spot where the union work..., a]";
        assertEquals("nanogrid: " + headless + " line 1: no column 'text' in header " + line1 + "; use --text-column "
                + "NAME, or --no-header if the file has no header line (its columns are then numbers from 0: text 0, "
                + "label 1)", refused(CliRun.of("eval", model.toString(), "--data", headless.toString())));
        assertEquals("nanogrid: " + headless + ": --text-column 0 is a column number, which needs --no-header; with a "
                + "header line, give a column name (line 1 reads " + line1 + ")",
                refused(CliRun.of("eval", model.toString(), "--data", headless.toString(), "--text-column", "0")));
        CliRun ok = CliRun.of("eval", model.toString(), "--data", headless.toString(), "--no-header", "--json");
        assertEquals(Cli.OK, ok.exit(), ok.toString());
        assertEquals(2, ok.json().get("n").getAsInt());
    }

    @Test
    void pathsThatAreNotDataFilesAreNamedOnce() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path missing = dir.resolve("missing.tsv");
        String m = model.toString();
        assertEquals("nanogrid: " + folder + " is a directory, not a data file",
                refused(CliRun.of("eval", m, "--data", folder.toString())));
        assertEquals("nanogrid: " + missing + ": file not found", refused(CliRun.of("eval", m, "--data",
                missing.toString())));
        assertEquals("nanogrid: " + folder + " is a directory, not a data file",
                refused(CliRun.of("eval", m, "--images", folder.toString(), "--labels", folder.toString())));
        assertEquals("nanogrid: " + missing + ": file not found",
                refused(CliRun.of("eval", m, "--images", missing.toString(), "--labels", missing.toString())));
        assertEquals("nanogrid: " + folder + ": no NAME.npy files (one per model input)",
                refused(CliRun.of("eval", m, "--inputs", folder.toString(), "--labels", folder.toString())));
        assertEquals("nanogrid: " + missing + ": file not found",
                refused(CliRun.of("bench", m, "--data", missing.toString())));
        assertEquals("nanogrid: " + missing + ": file not found",
                refused(CliRun.of("sweep", m, "--unlabelled", "--data", missing.toString())));
        assertEquals("nanogrid: " + folder + " is a directory, not a data file",
                refused(CliRun.of("sweep", m, "--unlabelled", "--data", folder.toString())));
    }

    /** IDX files of {@code n} blank 4x4 images and their labels. */
    private Path[] idx(int n) throws Exception {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(images);
        i.writeInt(0x803);
        i.writeInt(n);
        i.writeInt(4);
        i.writeInt(4);
        i.write(new byte[n * 16]);
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(labels);
        l.writeInt(0x801);
        l.writeInt(n);
        l.write(new byte[n]);
        return new Path[] {Files.write(dir.resolve("images.idx"), images.toByteArray()),
            Files.write(dir.resolve("labels.idx"), labels.toByteArray())};
    }

    @Test
    void imagesForATextModelAreRefusedUpFrontNamingBoth() throws Exception {
        Path[] idx = idx(3);
        String[] images = {"--images", idx[0].toString(), "--labels", idx[1].toString()};
        for (String command : List.of("eval", "bench", "sweep", "plan")) {
            List<String> args = new ArrayList<>(List.of(command, model.toString()));
            args.addAll(List.of(images));
            if (command.equals("plan")) {
                args.addAll(List.of("--budget", "1GB"));
            }
            if (!command.equals("eval")) {
                args.addAll(List.of("--requests", "50"));
            }
            assertContains(refused(CliRun.of(args.toArray(String[]::new))), model + " does not take the examples of "
                    + idx[0] + ": ", "this model takes text, not an image request");
        }
        Path tensor = Files.write(dir.resolve("t.npy"), BinaryDatasetsTest.npy("<f4", new long[] {1, 4}, new byte[16]));
        assertContains(refused(CliRun.of("bench", model.toString(), "--tensor", tensor.toString())),
                model + " does not take the request given: ", "this model takes text, not a tensor request");
        CliRun fits = CliRun.of("eval", model.toString(), "--data", data.toString(), "--json");
        assertEquals(Cli.OK, fits.exit(), fits.toString());
        assertEquals(1.0, fits.json().get("accuracy").getAsDouble());
    }

    @Test
    void labelsTheModelDoesNotHaveAreCalledOutNotJustScoredWrong() throws Exception {
        Path other = Files.writeString(dir.resolve("other.tsv"), "text\tlabel\nx\ta\ny\tB\nx y\tc\n");
        CliRun r = CliRun.of("eval", model.toString(), "--data", other.toString(), "--json");
        assertEquals(Cli.OK, r.exit(), r.toString());
        assertContains(r.err(), "nanogrid: warning: 2 of 3 examples for expert 'k' have labels it does not have "
                + "('B', 'c')");
        assertEquals(1, r.json().getAsJsonArray("warnings").size(), r.out());
        CliRun sweep = CliRun.of("sweep", model.toString(), "--data", other.toString(), "--bits", "8", "--block", "32",
                "--method", "rtn", "--requests", "5", "--no-resident", "--json");
        assertEquals(Cli.OK, sweep.exit(), sweep.toString());
        assertContains(sweep.err(), "nanogrid: warning: 2 of 3 examples for expert 'k' have labels it does not have");
        CliRun fits = CliRun.of("eval", model.toString(), "--data", data.toString(), "--json");
        assertFalse(fits.err().contains("warning"), fits.err());
        assertEquals(0, fits.json().getAsJsonArray("warnings").size());
    }

    @Test
    void textForTheRealImageModelIsRefusedUpFrontNamingBoth() {
        Path cnn = SharedData.require("models/cnn_mnist.onnx");
        Path snips = SharedData.require("text/snips/dev.tsv");
        for (String command : List.of("eval", "bench")) {
            CliRun r = CliRun.of(command, cnn.toString(), "--data", snips.toString(), "--limit", "20");
            assertContains(refused(r), cnn + " does not take the examples of " + snips + ": ",
                    "this model takes an image, not a text request");
            assertFalse(r.out().contains("accuracy") || r.out().contains("latency"), "no report: " + r.out());
        }
    }

    @Test
    void numbersOutOfRangeAreUsageErrorsBeforeAnyWork() {
        String absent = dir.resolve("absent.onnx").toString();
        String d = data.toString();
        List<List<String>> cases = List.of(
                List.of("eval", absent, "--data", d, "--limit=0"),
                List.of("eval", absent, "--data", d, "--limit=-3"),
                List.of("sweep", absent, "--data", d, "--limit=0"),
                List.of("bench", absent, "--data", d, "--limit=-1"),
                List.of("bench", absent, "--requests=0"),
                List.of("bench", absent, "--requests=-5"),
                List.of("bench", absent, "--sessions=0"),
                List.of("bench", absent, "--sessions=-1"),
                List.of("bench", absent, "--concurrency=0"),
                List.of("bench", absent, "--warmup=-1"),
                List.of("eval", absent, "--data", d, "--threads=0"),
                List.of("eval", absent, "--data", d, "--min-accuracy=7"),
                List.of("eval", absent, "--data", d, "--min-accuracy=-0.5"),
                List.of("sweep", absent, "--requests=0"),
                List.of("plan", absent, "--budget", "1GB", "--requests=0"),
                List.of("--ort-threads=-3", "eval", absent, "--data", d),
                List.of("eval", absent, "--data", d, "--ort-threads=0"));
        for (List<String> args : cases) {
            String arg = args.stream().filter(a -> a.startsWith("--") && a.contains("=")).findFirst().orElseThrow();
            String option = arg.substring(0, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            String line = refused(CliRun.of(args.toArray(String[]::new)));
            assertContains(line, "'" + option + "'", "'" + value + "'");
            assertFalse(line.contains("absent.onnx"), "checked before the model is opened: " + line);
        }
    }

    @Test
    void numbersInRangeStillWork() {
        CliRun one = CliRun.of("eval", model.toString(), "--data", data.toString(), "--limit=1", "--threads=1",
                "--min-accuracy=1", "--json");
        assertEquals(Cli.OK, one.exit(), one.toString());
        assertEquals(1, one.json().get("n").getAsInt());
        CliRun bench = CliRun.of("bench", model.toString(), "--data", data.toString(), "--requests=5", "--warmup=0",
                "--concurrency=2", "--json");
        assertEquals(Cli.OK, bench.exit(), bench.toString());
        assertEquals(5, bench.json().get("requests").getAsInt());
        assertEquals(0, bench.json().get("errors").getAsInt());
    }
}
