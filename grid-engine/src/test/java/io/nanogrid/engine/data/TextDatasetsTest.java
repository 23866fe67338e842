package io.nanogrid.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        BadInputException e = assertThrows(BadInputException.class, () -> TextDatasets.read(f, DatasetOptions.defaults()));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
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
