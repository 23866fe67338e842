package io.nanogrid.packaging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A trimmed Java runtime for the app: jdeps lists the JDK modules that the jars use, jlink links just
 * those. The application stays on the class path: jlink cannot link it (ChartFX's dependencies are
 * automatic modules), and JavaFX runs from its jars on the class path, so no javafx module is linked.
 */
final class RuntimeImage {
    /**
     * Modules jdeps cannot see because they are only looked up as services: jdk.crypto.ec gives TLS its
     * elliptic curves (dataset downloads from the upstream HTTPS addresses fail without it).
     */
    static final List<String> SERVICES = List.of("jdk.crypto.ec");

    /**
     * Modules jdeps finds but the launcher can never use: jdk.incubator.vector (the quantizer's VectorRtn) is
     * an incubator module, resolved only with --add-modules, which the app-image's launcher does not pass
     * (FastQuantizer then takes its scalar path, as in `./nanogrid gui`). Its classes
     * (1.8 MB of lib/modules) and its library libjsvml.so (870 KB, the vector API's math stubs) stay out.
     */
    static final List<String> NEVER_RESOLVED = List.of("jdk.incubator.vector");

    private RuntimeImage() {
    }

    static List<String> modules(Path lib, PrintWriter log) {
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps", "--multi-release",
                Integer.toString(Runtime.version().feature())));
        try (Stream<Path> s = Files.list(lib)) {
            s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> args.add(p.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String out = Tools.run("jdeps", args, log).strip();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        TreeSet<String> modules = new TreeSet<>();
        for (String m : last.split(",")) {
            if (!m.isBlank() && !m.startsWith("javafx.")) {
                modules.add(m.strip());
            }
        }
        if (!modules.contains("java.base")) {
            throw new IllegalStateException("jdeps gave no module list: " + out);
        }
        modules.removeAll(NEVER_RESOLVED);
        modules.addAll(SERVICES);
        return List.copyOf(modules);
    }

    static void link(List<String> modules, Path output, int compress, PrintWriter log) {
        Tools.run("jlink", List.of("--add-modules", String.join(",", modules), "--strip-debug", "--no-header-files",
                "--no-man-pages", "--strip-native-commands", "--compress=" + compress, "--output", output.toString()),
                log);
    }
}
