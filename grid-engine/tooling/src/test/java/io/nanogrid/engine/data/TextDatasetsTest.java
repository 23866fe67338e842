package io.nanogrid.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.files.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDatasetsTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String text(Example e) {
        return ((TextRequest) e.request()).text();
    }

    @Test
    void readsTsvWithHeaderNamesInAnyCase() throws Exception {
        Path f = file("sms.tsv", "Label\tSMS\r\nham\tok see you\r\nspam\tWIN \"now\"\r\n");
        Dataset d = TextDatasets.read(f, new DatasetOptions("sms", null, null, true, false, 0));
        assertEquals(2, d.size());
        assertEquals("WIN \"now\"", text(d.examples().get(1)));
        assertEquals("spam", d.examples().get(1).label());
        assertEquals(3, d.examples().get(1).line());
        assertNull(d.examples().get(0).route());
    }

    @Test
    void aMalformedLineStopsTheReadWithItsNumberUnlessSkipped() throws Exception {
        Path f = file("bad.tsv", "text\tlabel\na\t1\nb\t2\textra\n\t3\nc\t\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> TextDatasets.read(f, DatasetOptions.defaults()));
        assertEquals(f + " line 3: expected 2 tab-separated fields, found 3 (use --skip-bad to skip such lines)",
                e.getMessage());
        Dataset d = TextDatasets.read(f, new DatasetOptions(null, null, null, true, true, 0));
        assertEquals(2, d.size(), "the empty text on line 4 is a valid (empty) request");
        assertEquals(2, d.skipped().size());
        assertTrue(d.skipped().get(1).endsWith("line 5: empty label"), d.skipped().get(1));
    }

    @Test
    void namesAMissingColumnAndTheHeader() throws Exception {
        Path f = file("x.tsv", "sentence\tlabel\nhi\t1\n");
        BadInputException e = assertThrows(BadInputException.class, () -> TextDatasets.read(f, DatasetOptions.defaults()));
        assertTrue(e.getMessage().contains("no column 'text' in header [sentence, label]; use --text-column"),
                e.getMessage());
    }

    @Test
    void readsCsvWithQuotesAndJsonLinesWithRoutes() throws Exception {
        Path csv = file("d.csv", "text,label\n\"hello, world\",greet\n\"say \"\"hi\"\"\",greet\n");
        Dataset c = TextDatasets.read(csv, DatasetOptions.defaults());
        assertEquals("hello, world", text(c.examples().get(0)));
        assertEquals("say \"hi\"", text(c.examples().get(1)));

        Path jsonl = file("d.jsonl", "{\"text\": \"rain?\", \"label\": \"rainy\", \"route\": \"weather\"}\n\n"
                + "{\"text\": \"hi\", \"label\": 3}\nnot json\n");
        BadInputException e = assertThrows(BadInputException.class,
                () -> TextDatasets.read(jsonl, DatasetOptions.defaults()));
        assertTrue(e.getMessage().contains("line 4: not valid JSON"), e.getMessage());
        Dataset j = TextDatasets.read(jsonl, new DatasetOptions(null, null, null, true, true, 0));
        assertEquals("weather", j.examples().get(0).route());
        assertEquals("3", j.examples().get(1).label());
        assertEquals(2, j.skipped().size(), "the empty line and the bad one are both reported");
    }

    @Test
    void readsAFileWithoutHeaderByColumnIndex() throws Exception {
        Path f = file("ag.tsv", "Stocks up #39;today\tBusiness\nGoal!\tSports\n");
        Dataset d = TextDatasets.read(f, new DatasetOptions(null, null, null, false, false, 0));
        assertEquals("Business", d.examples().get(0).label());
        assertEquals(2, d.size());
    }

    @Test
    void refusesInvalidUtf8WithTheLine() throws Exception {
        Path f = dir.resolve("latin1.tsv");
        Files.write(f, new byte[] {'t', 'e', 'x', 't', '\t', 'l', 'a', 'b', 'e', 'l', '\n', 'c', 'a', 'f', (byte) 0xE9,
            '\t', '1', '\n'});
        BadInputException e = assertThrows(BadInputException.class,
                () -> TextDatasets.read(f, DatasetOptions.defaults()));
        assertEquals(f + " line 2: not valid UTF-8 (use --skip-bad to skip such lines)", e.getMessage());
    }

    private static final DatasetOptions SKIP_BAD = new DatasetOptions(null, null, null, true, true, 0);

    /** Lines with \r\n, \r and \n ends in turn, where '?' stands for a byte that is not UTF-8 (0xFF). */
    private Path withABadByte(String name, String... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.length; i++) {
            String[] parts = lines[i].split("\\?", -1);
            for (int k = 0; k < parts.length; k++) {
                out.writeBytes(parts[k].getBytes(StandardCharsets.UTF_8));
                if (k < parts.length - 1) {
                    out.write(0xFF);
                }
            }
            out.writeBytes((i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\r" : "\n").getBytes(StandardCharsets.UTF_8));
        }
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    @Test
    void aLineThatIsNotUtf8IsSkippedWithSkipBadInEveryFormat() throws Exception {
        Path tsv = withABadByte("d.tsv", "text\tlabel", "é\ta", "b?d\tb", "ü\tc", "d\td");
        Dataset t = TextDatasets.read(tsv, SKIP_BAD);
        assertEquals(List.of("é", "ü", "d"), t.examples().stream().map(TextDatasetsTest::text).toList());
        assertEquals(List.of(2L, 4L, 5L), t.examples().stream().map(Example::line).toList());
        assertEquals(List.of(tsv + " line 3: not valid UTF-8"), t.skipped());

        Path csv = withABadByte("d.csv", "text,label", "é,a", "\"two\nlines, b?d\",b", "ü,c", "x,y?");
        assertEquals(csv + " line 4: not valid UTF-8 (use --skip-bad to skip such lines)",
                assertThrows(BadInputException.class, () -> TextDatasets.read(csv, DatasetOptions.defaults()))
                        .getMessage());
        Dataset c = TextDatasets.read(csv, SKIP_BAD);
        assertEquals(List.of("é", "ü"), c.examples().stream().map(TextDatasetsTest::text).toList());
        assertEquals(List.of(csv + " line 4: not valid UTF-8", csv + " line 6: not valid UTF-8"), c.skipped());

        Path jsonl = withABadByte("d.jsonl", "{\"text\": \"é\", \"label\": \"a\"}",
                "{\"text\": \"?\", \"label\": \"b\"}");
        Dataset j = TextDatasets.read(jsonl, SKIP_BAD);
        assertEquals(1, j.size());
        assertEquals(List.of(jsonl + " line 2: not valid UTF-8"), j.skipped());

        Path lines = withABadByte("u.txt", "one", "tw?o", "three", "", "four");
        Dataset u = TextDatasets.lines(lines, SKIP_BAD);
        assertEquals(List.of("one", "three", "four"), u.examples().stream().map(TextDatasetsTest::text).toList());
        assertEquals(List.of(lines + " line 2: not valid UTF-8", lines + " line 4: empty line"), u.skipped());
    }

    @Test
    void aHeaderThatIsNotUtf8IsRefusedEvenWithSkipBad() throws Exception {
        for (String name : List.of("h.tsv", "h.csv")) {
            String sep = name.endsWith("csv") ? "," : "\t";
            Path f = withABadByte(name, "te?xt" + sep + "label", "x" + sep + "a");
            assertEquals(f + " line 1: not valid UTF-8 (the header line)",
                    assertThrows(BadInputException.class, () -> TextDatasets.read(f, SKIP_BAD)).getMessage());
        }
    }

    @Test
    void linesLongerThanTheReadBufferAndLineEndsAcrossItAreKept() throws Exception {
        String longText = "é".repeat(50_000) + "x".repeat(40_000);
        StringBuilder sb = new StringBuilder("text\tlabel\r\n");
        // \r ends the first 64 KiB read and \n starts the next
        sb.append("x".repeat((1 << 16) - 12 - 3)).append("\ta\r\n");
        for (int i = 0; i < 3; i++) {
            sb.append(longText).append(i).append("\ta\r\n");
        }
        for (int i = 0; i < 40_000; i++) {
            sb.append("é").append(i % 10).append("\tb").append(i % 2 == 0 ? "\r\n" : "\r");
        }
        Path f = file("long.tsv", sb.toString());
        Dataset d = TextDatasets.read(f, DatasetOptions.defaults());
        assertEquals(List.of(), d.skipped());
        assertEquals(40_004, d.size());
        assertEquals(longText + "2", text(d.examples().get(3)));
        assertEquals("é9", text(d.examples().get(40_003)));
        assertEquals(40_005, d.examples().get(40_003).line());
    }

    @Test
    void pathsThatAreNotFilesAreNamedOnce() throws Exception {
        Path missing = dir.resolve("missing.tsv");
        assertEquals(missing + ": file not found", assertThrows(BadInputException.class,
                () -> TextDatasets.read(missing, DatasetOptions.defaults())).getMessage());
        assertEquals(dir + " is a directory, not a data file", assertThrows(BadInputException.class,
                () -> TextDatasets.read(dir, DatasetOptions.defaults())).getMessage());
        assertEquals(missing + ": file not found", assertThrows(BadInputException.class,
                () -> Idx.labels(missing, 0)).getMessage());
        assertEquals(dir + " is a directory, not a data file", assertThrows(BadInputException.class,
                () -> Npy.read(dir)).getMessage());
    }

    @Test
    void sentenceFilesReportALineThatIsNotUtf8() throws Exception {
        Path langs = Files.createDirectories(dir.resolve("langs"));
        withABadByte("langs/de.txt", "Guten Tag", "Tsch?ss", "Danke", "", "Bitte");
        Files.writeString(langs.resolve("en.txt"), "Hello\n");
        Path de = langs.resolve("de.txt");
        assertEquals(de + " line 2: not valid UTF-8 (use --skip-bad to skip such lines)", assertThrows(
                BadInputException.class, () -> SentenceFolders.read(langs, false)).getMessage());
        Dataset d = SentenceFolders.read(langs, true);
        assertEquals(List.of("Guten Tag", "Danke", "Bitte", "Hello"),
                d.examples().stream().map(TextDatasetsTest::text).toList());
        assertEquals(List.of(de + " line 2: not valid UTF-8", de + " line 4: empty line"), d.skipped());
    }

    @Test
    void readsEveryRealTextDatasetWithoutLosingALine() {
        Path sst = SharedData.require("text/sst2/train.tsv");
        assertEquals(67_349, TextDatasets.read(sst, DatasetOptions.defaults()).size());
        Path sms = SharedData.require("text/sms_spam/SMSSpamCollection.tsv");
        assertEquals(5_574, TextDatasets.read(sms, new DatasetOptions("SMS", "Label", null, true, false, 0)).size());
        Path ag = SharedData.require("text/agnews/test.tsv");
        assertEquals(7_600, TextDatasets.read(ag, new DatasetOptions(null, null, null, false, false, 0)).size());
        Path snips = SharedData.require("text/snips/train.tsv");
        assertEquals(13_084, TextDatasets.read(snips, DatasetOptions.defaults()).size());
    }
}
