package io.nanogrid.engine.train;

import io.nanogrid.engine.decode.EmbeddingAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.ResilienceSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.task.ParallelRange;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A grid encoder's embeddings of many texts, the way the grid computes them (its tokenizer, pooling and
 * normalization), on every core, cached on disk text by text: each text is encoded once per encoder,
 * tokenizer and pooling (a folder per sha256 of those), so training a head again, the router after an
 * expert, or the router with fifty more of the user's requests, encodes only the texts it has not seen.
 *
 * <p>The folder holds shards: each run that encodes new texts writes one file (through the atomic path) of
 * records (the text's sha256, its vector). Written here rather than with a key-value store: a few files of
 * fixed-size records read in one pass are all it needs, and a shard is never rewritten, so a killed run
 * loses only its own vectors.
 */
public final class Embeddings {
    private static final byte[] MAGIC = "NGEMB2\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SHARD = ".emb";
    private static final int SHARD_RECORDS = 65_536;

    private final ModelLoader loader;
    private final Path cacheDir;
    private final int threads;

    /** @param cacheDir where vectors are kept, or null to keep none */
    public Embeddings(ModelLoader loader, Path cacheDir, int threads) {
        this.loader = loader;
        this.cacheDir = cacheDir;
        this.threads = Math.max(1, threads);
    }

    /**
     * What came back.
     *
     * @param cached  every vector came from the cache
     * @param encoded how many distinct texts the encoder ran on (0 when all were cached)
     */
    public record Result(float[][] vectors, int dimensions, boolean cached, int encoded, double seconds) {
    }

    /**
     * @param encoder the encoder as a grid holds it; its paths resolve against {@code baseDir}
     */
    public Result embed(EncoderSpec encoder, Path baseDir, List<String> texts, Progress progress) {
        long t0 = System.nanoTime();
        Path model = baseDir.resolve(encoder.model()).toAbsolutePath().normalize();
        Path tokenizer = baseDir.resolve(encoder.input().tokenizer()).toAbsolutePath().normalize();
        Path folder = cacheFolder(encoder, model, tokenizer);
        TextKey[] keys = new TextKey[texts.size()];
        Map<TextKey, Integer> firstOf = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = TextKey.of(texts.get(i));
            firstOf.putIfAbsent(keys[i], i);
        }
        Map<TextKey, float[]> known = folder == null ? new HashMap<>() : readShards(folder, firstOf.keySet());
        List<Integer> missing = new ArrayList<>();
        for (Map.Entry<TextKey, Integer> e : firstOf.entrySet()) {
            if (!known.containsKey(e.getKey())) {
                missing.add(e.getValue());
            }
        }
        if (!missing.isEmpty()) {
            float[][] fresh = encode(model, tokenizer, encoder, baseDir, texts, missing, progress);
            Map<TextKey, float[]> added = new LinkedHashMap<>();
            for (int j = 0; j < fresh.length; j++) {
                added.put(keys[missing.get(j)], fresh[j]);
            }
            known.putAll(added);
            if (folder != null) {
                writeShards(folder, added);
            }
        }
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = known.get(keys[i]);
        }
        return new Result(out, out.length == 0 ? 0 : out[0].length, missing.isEmpty(), missing.size(),
                (System.nanoTime() - t0) / 1e9);
    }

    private float[][] encode(Path model, Path tokenizer, EncoderSpec encoder, Path baseDir, List<String> texts,
            List<Integer> which, Progress progress) {
        ExpertSpec one = ExpertSpec.of("encoder", model.toString(), encoder.input().withTokenizer(tokenizer.toString()),
                encoder.output());
        float[][] out = new float[which.size()][];
        AtomicInteger done = new AtomicInteger();
        try (Grid grid = Grid.open(GridSpec.of("encoder", one)
                .withResilience(ResilienceSpec.noTimeLimit()), baseDir, loader)) {
            if (!grid.warnings().isEmpty()) {
                throw new BadInputException(grid.warnings().get(0));
            }
            ParallelRange.run(which.size(), threads, "nanogrid-encode", progress, j -> {
                int i = which.get(j);
                GridResponse r = grid.route(new TextRequest(texts.get(i)));
                if (!(r.result() instanceof EmbeddingAnswer a)) {
                    throw new BadInputException("the encoder did not embed text " + (i + 1) + ": "
                            + (r.error() != null ? r.error().message() : "no embedding"));
                }
                out[j] = a.embedding();
                int n = done.incrementAndGet();
                if (n % 256 == 0 || n == which.size()) {
                    progress.update(n, which.size(), "encoding texts");
                }
            });
        }
        progress.checkCancelled();
        return out;
    }

    private Path cacheFolder(EncoderSpec e, Path model, Path tokenizer) {
        if (cacheDir == null) {
            return null;
        }
        String key = Sha256.ofFile(model.toString()) + "|" + Sha256.ofFile(tokenizer.toString()) + "|"
                + e.input().maxLength() + "|" + e.input().truncation() + "|" + e.output().pooling() + "|"
                + e.output().normalize();
        return cacheDir.resolve(HexFormat.of().formatHex(sha256().digest(key.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 24));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A text by the first 128 bits of its UTF-8 sha256. */
    private record TextKey(long hi, long lo) {
        static TextKey of(String text) {
            return of(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0);
        }

        static TextKey of(byte[] sha, int at) {
            ByteBuffer b = ByteBuffer.wrap(sha, at, 16);
            return new TextKey(b.getLong(), b.getLong());
        }
    }

    /** The vectors of the wanted texts found in the folder's shards; a shard that is not whole is skipped. */
    private static Map<TextKey, float[]> readShards(Path folder, Set<TextKey> wanted) {
        Map<TextKey, float[]> found = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path shard : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(SHARD))
                    .sorted()::iterator) {
                readShard(shard, wanted, found);
            }
        } catch (IOException e) {
            // an unreadable cache only means encoding again
        }
        return found;
    }

    private static void readShard(Path shard, Set<TextKey> wanted, Map<TextKey, float[]> into) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(shard)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            if (b.remaining() < MAGIC.length + 8) {
                return;
            }
            b.get(magic);
            int count = b.getInt();
            int d = b.getInt();
            if (!Arrays.equals(magic, MAGIC) || count < 0 || d <= 0 || b.remaining() != (long) count * (32 + d * 4L)) {
                return;
            }
            byte[] sha = new byte[32];
            for (int i = 0; i < count; i++) {
                b.get(sha);
                TextKey k = TextKey.of(sha, 0);
                if (wanted.contains(k) && !into.containsKey(k)) {
                    float[] v = new float[d];
                    b.asFloatBuffer().get(v);
                    into.put(k, v);
                }
                b.position(b.position() + d * 4);
            }
        } catch (IOException e) {
            // skipped: encoded again if needed
        }
    }

    /** At most {@link #SHARD_RECORDS} records a file, so a shard's bytes stay far below 2 GB. */
    private static void writeShards(Path folder, Map<TextKey, float[]> vectors) {
        Map<TextKey, float[]> chunk = new LinkedHashMap<>();
        for (Map.Entry<TextKey, float[]> e : vectors.entrySet()) {
            chunk.put(e.getKey(), e.getValue());
            if (chunk.size() == SHARD_RECORDS) {
                writeShard(folder, chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            writeShard(folder, chunk);
        }
    }

    private static void writeShard(Path folder, Map<TextKey, float[]> vectors) {
        int d = vectors.values().iterator().next().length;
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 8 + vectors.size() * (32 + d * 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(vectors.size()).putInt(d);
        MessageDigest name = sha256();
        for (Map.Entry<TextKey, float[]> e : vectors.entrySet()) {
            ByteBuffer k = ByteBuffer.allocate(32).putLong(e.getKey().hi()).putLong(e.getKey().lo());
            b.put(k.array());
            name.update(k.array(), 0, 16);
            for (float x : e.getValue()) {
                b.putFloat(x);
            }
        }
        try {
            Files.createDirectories(folder);
            AtomicFiles.write(folder.resolve(HexFormat.of().formatHex(name.digest()).substring(0, 32) + SHARD),
                    b.array());
        } catch (IOException | RuntimeException e) {
            // the cache is a convenience: a read-only or full disk only means encoding again next time
        }
    }
}
