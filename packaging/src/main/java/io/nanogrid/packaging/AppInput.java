package io.nanogrid.packaging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The folder jpackage packs as the application ($APPDIR): lib/ with the workbench jar and its
 * dependencies, native/ with ONNX Runtime's libraries for this platform (moved out of its jar, which
 * carries them for four platforms: 54 MB), the tokenizers jar with its own platform's library only, every
 * jar's entries stored rather than deflated (see {@link StoredJar}),
 * JavaFX's native libraries beside its jars (where JavaFX looks
 * first, so it does not extract them to ~/.openjfx), and sample-grids/ with the grid opened on first start.
 */
final class AppInput {
    static final String LIB = "lib";
    static final String NATIVE = "native";
    static final String SAMPLES = "sample-grids";
    private static final String ORT_NATIVES = "ai/onnxruntime/native/";
    private static final String TOKENIZER_NATIVES = "native/lib/";

    private AppInput() {
    }

    static void prepare(Path jars, Path input, List<Path> samples, Platform platform, PrintWriter log) {
        Path lib = input.resolve(LIB);
        Path natives = input.resolve(NATIVE);
        try {
            Files.createDirectories(lib);
            boolean ort = false;
            for (Path jar : list(jars)) {
                String name = jar.getFileName().toString();
                if (!name.endsWith(".jar")) {
                    continue;
                }
                if (manifestOnly(jar)) {
                    // JavaFX's jars without a classifier (javafx-base-21.0.12.jar...) are empty shells beside
                    // the platform's (javafx-base-21.0.12-linux.jar), which hold the classes
                    log.println("packaging: " + name + ": holds no classes, left out");
                    continue;
                }
                if (name.startsWith("onnxruntime-")) {
                    String own = ORT_NATIVES + platform.ortDir() + "/";
                    List<Path> moved = JarNatives.split(jar, lib.resolve(name),
                            e -> e.startsWith(own) && e.indexOf('/', own.length()) < 0,
                            e -> e.startsWith(ORT_NATIVES), natives);
                    if (moved.stream().noneMatch(p -> p.getFileName().toString().contains("onnxruntime4j_jni"))) {
                        throw new IllegalStateException(name + " holds no ONNX Runtime libraries for "
                                + platform.ortDir());
                    }
                    log.println("packaging: " + name + ": " + moved.size() + " native libraries moved to native/, "
                            + "other platforms' dropped");
                    ort = true;
                } else if (name.startsWith("tokenizers-")) {
                    // its jar carries the library for four platforms (56 MB unpacked); it extracts its own
                    // platform's to a cache folder at first use, so the jar keeps that one and drops the rest
                    String own = TOKENIZER_NATIVES + platform.tokenizersDir() + "/";
                    JarNatives.split(jar, lib.resolve(name), e -> false, e -> e.startsWith(TOKENIZER_NATIVES)
                            && e.indexOf('/', TOKENIZER_NATIVES.length()) > 0 && !e.startsWith(own), lib);
                    log.println("packaging: " + name + ": other platforms' native libraries dropped");
                } else if (name.startsWith("javafx-")) {
                    List<Path> moved = JarNatives.split(jar, lib.resolve(name),
                            e -> e.indexOf('/') < 0 && e.endsWith(platform.nativeExt()), e -> false, lib);
                    if (!moved.isEmpty()) {
                        log.println("packaging: " + name + ": " + moved.size() + " native libraries moved beside it");
                    }
                } else {
                    Files.copy(jar, lib.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!ort) {
                throw new IllegalStateException("no onnxruntime jar in " + jars);
            }
            for (Path jar : list(lib)) {
                if (jar.getFileName().toString().endsWith(".jar")) {
                    StoredJar.rewrite(jar);
                }
            }
            for (Path grid : samples) {
                copySample(grid, input.resolve(SAMPLES).resolve(grid.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + input + ": " + e.getMessage(), e);
        }
    }

    /** True when the jar holds nothing outside META-INF/ (no class, no resource). */
    static boolean manifestOnly(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().allMatch(e -> e.getName().startsWith("META-INF/"));
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /**
     * A sample grid as git holds it: without quantized/, where the quantization lab writes its variants (a
     * developer's clone may have 12 MB of them there; .gitignore leaves them out too).
     */
    static void copySample(Path grid, Path to) throws IOException {
        copyTree(grid, to, rel -> !rel.startsWith("quantized"));
    }

    static void copyTree(Path from, Path to) throws IOException {
        copyTree(from, to, rel -> true);
    }

    /** Copies what {@code keep} takes (given each path relative to {@code from}) with its attributes. */
    static void copyTree(Path from, Path to, Predicate<Path> keep) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                if (!keep.test(from.relativize(p))) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    // with its attributes: a copy of the app-image keeps its launcher executable
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
