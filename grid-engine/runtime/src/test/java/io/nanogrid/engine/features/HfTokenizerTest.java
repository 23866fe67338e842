package io.nanogrid.engine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.testing.MiniLm;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our tokenization of all-MiniLM-L6-v2's tokenizer.json against the Hugging Face Python library's: 1,030
 * texts (1,000 lines of ../shared/data in 20 languages, with HTML entities, control characters and 99 texts
 * longer than 128 tokens, plus 30 written here: emoji, combining accents, CJK, Thai, special tokens...),
 * their ids, type ids and attention masks recorded by Python tokenizers 0.23.2 in
 * tokenizers/minilm-token-ids.json.gz (truncation at 128, no padding). The texts of the data files are not in
 * the repository: each case names its file and line.
 */
class HfTokenizerTest {
    private static JsonObject reference;
    private static HfTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = new GZIPInputStream(HfTokenizerTest.class.getResourceAsStream(
                "/tokenizers/minilm-token-ids.json.gz"))) {
            reference = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        tokenizer = HfTokenizer.load(MiniLm.tokenizer(), 128, true);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void theTokenizerIsTheOneTheReferenceWasMadeWith() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                Files.readAllBytes(MiniLm.tokenizer())));
        assertEquals(reference.getAsJsonObject("tokenizer").get("sha256").getAsString(), sha);
    }

    @Test
    void textsWrittenHereGetTheLibrarysIds() {
        int n = 0;
        for (JsonElement e : reference.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            if (c.has("text")) {
                check(c, c.get("text").getAsString());
                n++;
            }
        }
        assertEquals(30, n);
    }

    @Test
    void aThousandLinesOfTheSharedDataGetTheLibrarysIds() throws IOException {
        Path data = SharedData.dir();
        assumeTrue(Files.isDirectory(data), () -> "skipped: " + data + " is absent (../shared/data holds the real "
                + "datasets on the team's machines and in CI)");
        Map<String, String[]> files = new HashMap<>();
        int n = 0;
        int long128 = 0;
        int nonAscii = 0;
        for (JsonElement e : reference.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            if (!c.has("source")) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (JsonElement part : c.getAsJsonArray("source")) {
                JsonArray p = part.getAsJsonArray();
                String[] lines = files.computeIfAbsent(p.get(0).getAsString(), f -> read(data.resolve(f)));
                String line = lines[p.get(1).getAsInt()];
                String rule = p.get(2).getAsString();
                String piece = rule.equals("line") ? line : line.split("\t", -1)[Integer.parseInt(rule.substring(4))];
                text.append(text.length() > 0 ? " " : "").append(piece);
            }
            check(c, text.toString());
            n++;
            long128 += c.get("untruncated_length").getAsInt() > 128 ? 1 : 0;
            nonAscii += text.chars().anyMatch(ch -> ch > 127) ? 1 : 0;
        }
        assertEquals(1000, n);
        assertTrue(long128 >= 50 && nonAscii >= 300, long128 + " long, " + nonAscii + " non-ASCII");
    }

    private static String[] read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).split("\n", -1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(JsonObject c, String text) {
        HfTokenizer.Tokens t = tokenizer.encode(text);
        String what = c.toString().substring(0, Math.min(120, c.toString().length()));
        assertArrayEquals(longs(c.getAsJsonArray("ids")), t.ids(), what);
        assertArrayEquals(longs(c.getAsJsonArray("type_ids")), t.typeIds(), what);
        assertArrayEquals(longs(c.getAsJsonArray("attention_mask")), t.attentionMask(), what);
        assertEquals(c.get("untruncated_length").getAsInt(), t.fullLength(), what);
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    @Test
    void aFileThatIsNotATokenizerIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Path notJson = Files.writeString(dir.resolve("vocab.txt"), "[PAD]\n[UNK]\nhello\n");
        BadInputException e = assertThrows(BadInputException.class, () -> HfTokenizer.load(notJson, 128, true));
        assertEquals(notJson + ": not a Hugging Face tokenizer.json (it is not a JSON object)", e.getMessage());
        Path json = Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": 7}");
        e = assertThrows(BadInputException.class, () -> HfTokenizer.load(json, 128, true));
        assertTrue(e.getMessage().startsWith(json + ": not a Hugging Face tokenizer.json the tokenizers library can "
                + "load ("), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        Path absent = dir.resolve("absent.json");
        e = assertThrows(BadInputException.class, () -> HfTokenizer.load(absent, 128, true));
        assertEquals("cannot read tokenizer " + absent + ": file not found", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("tokenizer.json", "vocab.txt"), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "nothing written");
        }
    }

    @Test
    void withoutTruncationALongTextIsRefused() {
        try (HfTokenizer strict = HfTokenizer.load(MiniLm.tokenizer(), 16, false)) {
            BadRequestException e = assertThrows(BadRequestException.class,
                    () -> strict.encode("one two three four five six seven eight nine ten eleven twelve thirteen "
                            + "fourteen fifteen sixteen seventeen"));
            assertEquals("the text is 19 tokens, more than the 16 the adapter allows (input.truncation is false)",
                    e.getMessage());
            assertEquals(5, strict.encode("one two three").ids().length);
        }
    }
}
