package io.nanogrid.packaging;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Builds the workbench's app-image and installers with the JDK's own tools (in this JVM, so the same
 * build runs on Linux, Windows and macOS): a trimmed runtime (jdeps, jlink), the application folder
 * with native libraries unpacked in place (see {@link AppInput}), a generated icon, then jpackage.
 * Maven runs it in the {@code installers} profile of packaging/pom.xml (see packaging/README.md).
 */
@Command(name = "build-installers", mixinStandardHelpOptions = true)
public final class BuildInstallers implements Callable<Integer> {
    @Option(names = "--jars", required = true, description = "The workbench jar and every jar it needs.")
    Path jars;

    @Option(names = "--main-jar", required = true, description = "The workbench jar's file name in --jars.")
    String mainJar;

    @Option(names = "--samples", description = "A sample grid folder to ship (opened on first start).")
    List<Path> samples = new ArrayList<>();

    @Option(names = "--out", required = true, description = "Where to build (input/, runtime/, image/, installers/).")
    Path out;

    @Option(names = "--types", split = ",", defaultValue = "app-image", description = "app-image, deb, rpm, msi, "
            + "exe, dmg, pkg: each on its own platform.")
    List<String> types;

    @Option(names = "--version", defaultValue = "0.1.0", description = "The version (numbers only; -SNAPSHOT is cut).")
    String version;

    @Option(names = "--jlink-compress", defaultValue = "2", description = "jlink --compress: 0 none, 1 shared "
            + "strings, 2 zip.")
    int compress;

    @Option(names = "--maintainer", defaultValue = "packaging@nanogrid.invalid",
            description = "The .deb maintainer's e-mail address.")
    String maintainer;

    private final PrintWriter log = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
            true);

    /** Runs in Maven's JVM (exec:java): never calls System.exit; a failure is an exception. */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BuildInstallers());
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            throw ex;
        });
        int code = cl.execute(args);
        if (code != 0) {
            throw new IllegalStateException("build-installers failed (exit " + code + ")");
        }
    }

    @Override
    public Integer call() throws IOException {
        Platform platform = Platform.current();
        for (String t : types) {
            if (!platform.types().contains(t)) {
                throw new IllegalArgumentException("--types " + t + ": jpackage builds " + platform.types() + " on "
                        + platform.os() + " (rpm and deb on Linux, msi and exe on Windows, dmg and pkg on macOS)");
            }
        }
        String v = version.replaceFirst("-SNAPSHOT$", "");
        long t0 = System.nanoTime();
        for (String d : List.of("input", "runtime", "image", "image-deb", "samples-deb", "deb-resources", "classlist",
                "installers", "icon")) {
            deleteTree(out.resolve(d));
        }
        Path input = out.resolve("input");
        AppInput.prepare(jars, input, samples, platform, log);
        Path icon = icon(out.resolve("icon"), platform);
        List<String> modules = RuntimeImage.modules(input.resolve(AppInput.LIB), log);
        log.println("packaging: JDK modules: " + String.join(",", modules));
        long t1 = System.nanoTime();
        RuntimeImage.link(modules, out.resolve("runtime"), compress, log);
        long t2 = System.nanoTime();
        Path image = JPackage.appImage(input, mainJar, out.resolve("runtime"), icon, v, out.resolve("image"), log);
        long t3 = System.nanoTime();
        if (platform.os().equals("linux")) {
            ClassDataArchive.record(image, out.resolve("classlist"), log);
        }
        log.printf(Locale.ROOT, "packaging: app-image %s: %s (runtime %s, app %s); jlink %.1f s, jpackage %.1f s%n",
                image, mb(size(image)), mb(size(out.resolve("runtime"))), mb(size(input)), (t2 - t1) / 1e9,
                (t3 - t2) / 1e9);
        for (String type : types) {
            if (type.equals("app-image")) {
                continue;
            }
            long s = System.nanoTime();
            if (type.equals("deb")) {
                debs(image, v, platform);
            } else {
                JPackage.installer(type, image, v, maintainer, null, out.resolve("installers"), platform, log);
            }
            try (Stream<Path> files = Files.list(out.resolve("installers"))) {
                for (Path f : files.filter(f -> f.toString().endsWith("." + type)).toList()) {
                    log.printf(Locale.ROOT, "packaging: %s: %s in %.1f s%n", f, mb(Files.size(f)),
                            (System.nanoTime() - s) / 1e9);
                }
            }
        }
        if (platform.os().equals("linux")) {
            // last: the archive holds the app-image's folder as it is now (an installer copies it elsewhere)
            ClassDataArchive.dump(image, log);
        }
        log.printf(Locale.ROOT, "packaging: done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /**
     * The .debs: the workbench's from the app-image without its sample grids, which go in a package of their
     * own (see SamplesDeb), with the scripts that make the class-data archive where it installs (see
     * ClassDataArchive).
     */
    private void debs(Path image, String v, Platform platform) throws IOException {
        Path resources = out.resolve("deb-resources");
        ClassDataArchive.debResources(resources);
        Path samplesIn = Path.of("lib", "app", AppInput.SAMPLES);
        Path lean = out.resolve("image-deb").resolve(image.getFileName().toString());
        AppInput.copyTree(image, lean, rel -> !rel.startsWith(samplesIn));
        JPackage.installer("deb", lean, v, maintainer, resources, out.resolve("installers"), platform, log);
        if (!samples.isEmpty()) {
            SamplesDeb.build(image.resolve(samplesIn), v, maintainer, out.resolve("samples-deb"),
                    out.resolve("installers"), log);
        }
    }

    /** The icon in the format jpackage takes on this platform. */
    private static Path icon(Path dir, Platform p) throws IOException {
        Files.createDirectories(dir);
        return switch (p.os()) {
            case "windows" -> Files.write(dir.resolve("nanogrid.ico"), Icons.ico(Icons.png(256)));
            case "mac" -> Files.write(dir.resolve("nanogrid.icns"), Icons.icns(Icons.png(512)));
            default -> Files.write(dir.resolve("nanogrid.png"), Icons.png(256));
        };
    }

    static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
