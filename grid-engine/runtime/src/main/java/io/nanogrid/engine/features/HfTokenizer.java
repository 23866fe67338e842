package io.nanogrid.engine.features;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.CacheFolders;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face tokenizer.json, run by the Hugging Face tokenizers library itself (DJL's binding of
 * the Rust crate): word-piece, BPE and unigram alike, exactly as transformers' Python side tokenizes.
 * The only class that talks to that library. Its native part is unpacked into nanogrid's cache folder,
 * and it never downloads anything.
 */
final class HfTokenizer implements AutoCloseable {
    static {
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", CacheFolders.current().resolve("djl").toString());
        }
        System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
            // DJL says at INFO where it found its native library: not news to a user of nanogrid
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "warn");
        }
    }

    /** One encoded text. */
    record Tokens(long[] ids, long[] attentionMask, long[] typeIds, int fullLength) {
    }

    private final HuggingFaceTokenizer tokenizer;
    private final HuggingFaceTokenizer untruncated;
    private final int maxLength;
    private final boolean truncation;
    private final String source;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, HuggingFaceTokenizer untruncated, int maxLength,
            boolean truncation, String source) {
        this.tokenizer = tokenizer;
        this.untruncated = untruncated;
        this.maxLength = maxLength;
        this.truncation = truncation;
        this.source = source;
    }

    /** Loads a tokenizer.json; anything else is refused naming the file. */
    static HfTokenizer load(Path file, int maxLength, boolean truncation) {
        check(file);
        try {
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(file, Map.of("maxLength",
                    Integer.toString(maxLength), "truncation", "true", "padding", "false", "addSpecialTokens", "true"));
            HuggingFaceTokenizer full = null;
            try {
                full = HuggingFaceTokenizer.newInstance(file, Map.of("truncation", "false", "padding", "false",
                        "addSpecialTokens", "true"));
            } finally {
                if (full == null) {
                    t.close();
                }
            }
            return new HfTokenizer(t, full, maxLength, truncation, file.toString());
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new BadInputException(file + ": not a Hugging Face tokenizer.json the tokenizers library can load ("
                    + why + ")");
        }
    }

    /** A missing file, a folder or a file that is not JSON is refused before the library sees it. */
    private static void check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("cannot read tokenizer " + file + ": " + (Files.exists(file)
                    ? "not a file" : "file not found"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64);
            String s = new String(head, StandardCharsets.UTF_8).stripLeading();
            if (!s.startsWith("{")) {
                throw new BadInputException(file + ": not a Hugging Face tokenizer.json (it is not a JSON object)");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read tokenizer " + file + ": " + IoReasons.of(e), e);
        }
    }

    Tokens encode(String text) {
        Encoding e = tokenizer.encode(text);
        int full = e.getIds().length;
        if (full >= maxLength) {
            full = untruncated.encode(text).getIds().length;
            if (!truncation && full > maxLength) {
                throw new BadRequestException("the text is " + full + " tokens, more than the " + maxLength
                        + " the adapter allows (input.truncation is false)");
            }
        }
        return new Tokens(e.getIds(), e.getAttentionMask(), e.getTypeIds(), full);
    }

    String source() {
        return source;
    }

    @Override
    public void close() {
        tokenizer.close();
        untruncated.close();
    }
}
