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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A grid encoder's embeddings of many texts, the way the grid computes them (its tokenizer, pooling and
 * normalization), on every core, cached on disk: a text set is encoded once per encoder, tokenizer and
 * pooling (the cache key holds their sha256s), so training a head again, or the router after an expert,
 * reads the vectors back instead of running the encoder.
 */
public final class Embeddings {
    private static final byte[] MAGIC = "NGEMB1\n".getBytes(StandardCharsets.US_ASCII);

    private final ModelLoader loader;
    private final Path cacheDir;
    private final int threads;

    /** @param cacheDir where vectors are kept, or null to keep none */
    public Embeddings(ModelLoader loader, Path cacheDir, int threads) {
        this.loader = loader;
        this.cacheDir = cacheDir;
        this.threads = Math.max(1, threads);
    }

    /** What came back, and whether it came from the cache. */
    public record Result(float[][] vectors, int dimensions, boolean cached, double seconds) {
    }

    /**
     * @param encoder the encoder as a grid holds it; its paths resolve against {@code baseDir}
     */
    public Result embed(EncoderSpec encoder, Path baseDir, List<String> texts, Progress progress) {
        long t0 = System.nanoTime();
        Path model = baseDir.resolve(encoder.model()).toAbsolutePath().normalize();
        Path tokenizer = baseDir.resolve(encoder.input().tokenizer()).toAbsolutePath().normalize();
        Path file = cacheFile(encoder, model, tokenizer, texts);
        if (file != null && Files.isRegularFile(file)) {
            float[][] v = read(file, texts.size());
            if (v != null) {
                return new Result(v, v.length == 0 ? 0 : v[0].length, true, (System.nanoTime() - t0) / 1e9);
            }
        }
        ExpertSpec one = ExpertSpec.of("encoder", model.toString(), encoder.input().withTokenizer(tokenizer.toString()),
                encoder.output());
        float[][] out = new float[texts.size()][];
        AtomicInteger done = new AtomicInteger();
        try (Grid grid = Grid.open(GridSpec.of("encoder", one)
                .withResilience(ResilienceSpec.noTimeLimit()), baseDir, loader)) {
            if (!grid.warnings().isEmpty()) {
                throw new BadInputException(grid.warnings().get(0));
            }
            ParallelRange.run(texts.size(), threads, "nanogrid-encode", progress, i -> {
                GridResponse r = grid.route(new TextRequest(texts.get(i)));
                if (!(r.result() instanceof EmbeddingAnswer a)) {
                    throw new BadInputException("the encoder did not embed text " + (i + 1) + ": "
                            + (r.error() != null ? r.error().message() : "no embedding"));
                }
                out[i] = a.embedding();
                int n = done.incrementAndGet();
                if (n % 256 == 0 || n == texts.size()) {
                    progress.update(n, texts.size(), "encoding texts");
                }
            });
        }
        progress.checkCancelled();
        if (file != null) {
            write(file, out);
        }
        return new Result(out, out.length == 0 ? 0 : out[0].length, false, (System.nanoTime() - t0) / 1e9);
    }

    private Path cacheFile(EncoderSpec e, Path model, Path tokenizer, List<String> texts) {
        if (cacheDir == null) {
            return null;
        }
        String key = Sha256.ofFile(model.toString()) + "|" + Sha256.ofFile(tokenizer.toString()) + "|"
                + e.input().maxLength() + "|" + e.input().truncation() + "|" + e.output().pooling() + "|"
                + e.output().normalize();
        MessageDigest texts256 = sha256();
        for (String t : texts) {
            texts256.update(t.getBytes(StandardCharsets.UTF_8));
            texts256.update((byte) 0);
        }
        String encoder = HexFormat.of().formatHex(sha256().digest(key.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 24);
        return cacheDir.resolve(encoder).resolve(HexFormat.of().formatHex(texts256.digest()).substring(0, 32)
                + ".f32");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cached vectors, or null when the file is not a whole cache of {@code n} of them. */
    private static float[][] read(Path file, int n) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            if (b.remaining() < MAGIC.length + 8) {
                return null;
            }
            b.get(magic);
            int count = b.getInt();
            int d = b.getInt();
            if (!Arrays.equals(magic, MAGIC) || count != n || d < 0 || b.remaining() != (long) n * d * 4) {
                return null;
            }
            float[][] v = new float[n][d];
            for (float[] row : v) {
                b.asFloatBuffer().get(row);
                b.position(b.position() + d * 4);
            }
            return v;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path file, float[][] v) {
        int d = v.length == 0 ? 0 : v[0].length;
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 8 + v.length * d * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(v.length).putInt(d);
        for (float[] row : v) {
            for (float x : row) {
                b.putFloat(x);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, b.array());
        } catch (IOException | RuntimeException e) {
            // the cache is a convenience: a read-only or full disk only means encoding again next time
        }
    }
}
