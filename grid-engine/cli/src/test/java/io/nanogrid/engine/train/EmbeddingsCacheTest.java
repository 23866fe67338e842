package io.nanogrid.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.MiniLm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding cache keeps vectors text by text (all-MiniLM-L6-v2 from its Maven Central artifact): a
 * second run with a few new texts encodes only those, and every vector equals the encoder's own answer.
 */
class EmbeddingsCacheTest {
    @TempDir
    Path cache;

    private final OrtRuntime ort = new OrtRuntime();
    private final EncoderSpec encoder = new EncoderSpec(MiniLm.MODEL, TokenizerSpec.of(MiniLm.TOKENIZER),
            EmbeddingSpec.defaults());

    private Embeddings.Result embed(Path cacheDir, List<String> texts) {
        return new Embeddings(ort, cacheDir, 2).embed(encoder, MiniLm.dir(), texts, Progress.NONE);
    }

    @Test
    void onlyTextsNotSeenBeforeAreEncoded() throws IOException {
        List<String> first = List.of("will it rain in paris tomorrow", "play some jazz", "will it rain in paris tomorrow");
        Embeddings.Result a = embed(cache, first);
        assertEquals(2, a.encoded(), "the repeated text is encoded once");
        assertFalse(a.cached());
        assertArrayEquals(a.vectors()[0], a.vectors()[2]);

        List<String> second = List.of("book a table for two", "play some jazz", "will it rain in paris tomorrow",
                "what a wonderful film");
        Embeddings.Result b = embed(cache, second);
        assertEquals(2, b.encoded(), "two texts are new");
        assertArrayEquals(a.vectors()[1], b.vectors()[1]);
        assertArrayEquals(a.vectors()[0], b.vectors()[2]);

        Embeddings.Result c = embed(cache, second);
        assertTrue(c.cached());
        assertEquals(0, c.encoded());
        Embeddings.Result fresh = embed(null, second);
        assertEquals(4, fresh.encoded());
        for (int i = 0; i < second.size(); i++) {
            assertArrayEquals(fresh.vectors()[i], c.vectors()[i], 1e-6f, second.get(i));
        }
    }

    @Test
    void aDamagedShardIsSkippedAndItsTextsEncodedAgain() throws IOException {
        List<String> texts = List.of("turn the lights off", "what is the weather like");
        Embeddings.Result a = embed(cache, texts);
        try (Stream<Path> shards = Files.walk(cache)) {
            for (Path shard : (Iterable<Path>) shards.filter(p -> p.toString().endsWith(".emb"))::iterator) {
                byte[] bytes = Files.readAllBytes(shard);
                Files.write(shard, Arrays.copyOf(bytes, bytes.length - 7)); // torn, as a copy by hand could leave it
            }
        }
        Embeddings.Result b = embed(cache, texts);
        assertEquals(2, b.encoded());
        assertArrayEquals(a.vectors()[0], b.vectors()[0], 1e-6f);
        assertTrue(embed(cache, texts).cached(), "the new shard serves the next run");
    }
}
