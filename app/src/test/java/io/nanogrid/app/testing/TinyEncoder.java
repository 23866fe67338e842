package io.nanogrid.app.testing;

import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A sentence encoder small enough for UI tests: a word-level Hugging Face tokenizer over a fixed vocabulary
 * and an ONNX model that looks each token up in a table ([1, tokens, DIMENSIONS]; the grid's mean pooling makes
 * the sentence vector). Each word has a direction of its own plus a little seeded noise, so a sentence's vector
 * is close to its bag of words and heads on it learn as fast as on words; words outside the vocabulary are one
 * unknown token.
 */
public final class TinyEncoder {
    public static final int DIMENSIONS = 96;

    private TinyEncoder() {
    }

    /** Writes encoder.onnx and tokenizer.json into dir for these words; returns [encoder, tokenizer]. */
    public static Path[] write(Path dir, List<String> words) {
        List<String> vocab = words.stream().map(String::toLowerCase).distinct().toList();
        Path tokenizer = dir.resolve("tokenizer.json");
        Path encoder = dir.resolve("encoder.onnx");
        try {
            Files.writeString(tokenizer, tokenizerJson(vocab), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rows = vocab.size() + 1;
        float[] table = new float[rows * DIMENSIONS];
        Random rnd = new Random(7);
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) (0.1 * rnd.nextGaussian());
        }
        for (int row = 0; row < rows; row++) {
            table[row * DIMENSIONS + row % DIMENSIONS] += 1;
        }
        GraphBuilder g = new GraphBuilder("tiny-encoder");
        g.input("input_ids", ElementType.INT64, 1, "tokens");
        String t = g.floats("table", new long[] {rows, DIMENSIONS}, table);
        g.node("Gather", List.of(t, "input_ids"), List.of("last_hidden_state"), Map.of("axis", 0));
        g.output("last_hidden_state", ElementType.FLOAT, 1, "tokens", DIMENSIONS);
        TestModels.write(g.build(), encoder);
        return new Path[] {encoder, tokenizer};
    }

    private static String tokenizerJson(List<String> vocab) {
        StringBuilder v = new StringBuilder("{\"[UNK]\": 0");
        for (int i = 0; i < vocab.size(); i++) {
            v.append(", \"").append(vocab.get(i)).append("\": ").append(i + 1);
        }
        v.append('}');
        return "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": [{\"id\": 0, "
                + "\"content\": \"[UNK]\", \"single_word\": false, \"lstrip\": false, \"rstrip\": false, "
                + "\"normalized\": false, \"special\": true}], \"normalizer\": {\"type\": \"Lowercase\"}, "
                + "\"pre_tokenizer\": {\"type\": \"Whitespace\"}, \"post_processor\": null, \"decoder\": null, "
                + "\"model\": {\"type\": \"WordLevel\", \"vocab\": " + v + ", \"unk_token\": \"[UNK]\"}}";
    }
}
