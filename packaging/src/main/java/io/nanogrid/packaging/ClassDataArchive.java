package io.nanogrid.packaging;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The workbench's class-data sharing archive (AppCDS) for the Linux app-image: the JDK and application
 * classes its first start loads, parsed and laid out once and mapped at every start (the app-image's workbench
 * is ready about 0.9 s sooner: see the README's cold-start figures). The clone's ./nanogrid has one too, of
 * another kind: a dynamic archive it records when a session exits.
 *
 * <p>JDK 17 maps an archive only at the absolute class path it was made for (JDK 20 relaxes that), so the
 * archive is never shipped: the app-image carries the class list, recorded at build time from a start of the
 * app-image (see {@link #record}); the app-image built here gets its archive for its own folder, and the
 * .deb's postinst makes one for /opt/nanogrid when it is installed (its prerm removes it). The launcher names
 * the archive with {@code -XX:SharedArchiveFile=$APPDIR/nanogrid.jsa}: missing or made for other jars, the
 * JVM starts without it, silently.
 */
final class ClassDataArchive {
    static final String LIST = "nanogrid.classlist";
    static final String ARCHIVE = "nanogrid.jsa";

    private ClassDataArchive() {
    }

    /** The launcher's options: where the archive is, and no warning when it is missing or stale. */
    static List<String> javaOptions() {
        return List.of("-XX:SharedArchiveFile=$APPDIR/" + ARCHIVE, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * Records the classes a start of the app-image loads into its {@code lib/app/nanogrid.classlist}: a start in
     * a window on Xvfb when xvfb-run is there (the classes of GTK's window and OpenGL's pipeline too), else a
     * headless one ({@code gui --snapshot}, on Monocle). Both hold the workbench's, JavaFX's controls and CSS.
     */
    static void record(Path image, Path work, PrintWriter log) {
        Path list = appDir(image).resolve(LIST);
        try {
            Files.createDirectories(work);
            Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-XX:DumpLoadedClassList=" + list,
                    "NANOGRID_CONFIG", work.resolve("config").toString(), "HOME", work.toString());
            Path xvfb = onPath("xvfb-run");
            boolean windowed = false;
            if (xvfb != null) {
                try {
                    Tools.exec(List.of(xvfb.toString(), "-a", "-s", "-screen 0 1600x1000x24", launcher(image).toString(),
                            "gui", "--measure-startup"), env, log);
                    windowed = true;
                } catch (IllegalStateException e) {
                    log.println("packaging: the start on Xvfb failed, recording a headless one: " + e.getMessage());
                }
            }
            if (!windowed) {
                Tools.exec(List.of(launcher(image).toString(), "gui", "--snapshot", work.resolve("first-start.png")
                        .toString()), env, log);
            }
            long classes;
            try (var lines = Files.lines(list, StandardCharsets.UTF_8)) {
                classes = lines.filter(l -> !l.startsWith("#") && !l.startsWith("@")).count();
            }
            log.println("packaging: " + LIST + ": " + classes + " classes loaded by a " + (windowed ? "start on Xvfb"
                    : "headless start"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the class list of " + image + ": " + e.getMessage(), e);
        }
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Makes the archive for the app-image where it is now, from its class list (a few seconds). */
    static void dump(Path image, PrintWriter log) {
        Tools.exec(List.of(launcher(image).toString()), Map.of("JAVA_TOOL_OPTIONS", dumpOptions(appDir(image)
                .toString())), log);
    }

    /** The JVM options that make the archive (the launcher's own options say where it goes). */
    static String dumpOptions(String appDir) {
        return "-Xshare:dump -XX:SharedClassListFile=" + appDir + "/" + LIST;
    }

    /**
     * jpackage's postinst and prerm for the .deb (its own templates, whose DESKTOP_COMMANDS_* and
     * UTILITY_SCRIPTS it fills in), with the archive made at configure and removed before removal.
     */
    static void debResources(Path dir) {
        String app = "/opt/nanogrid/lib/app";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("postinst"), """
                    #!/bin/sh
                    # postinst script for APPLICATION_PACKAGE (jpackage's template, and the class-data archive)
                    set -e

                    case "$1" in
                        configure)
                    DESKTOP_COMMANDS_INSTALL
                            # the workbench's class-data archive for this folder (packaging/README.md); if it cannot
                            # be made, the workbench starts without it
                            rm -f %1$s/%2$s
                            JAVA_TOOL_OPTIONS="%3$s" /opt/nanogrid/bin/Nanogrid >/dev/null 2>&1 || true
                        ;;

                        abort-upgrade|abort-remove|abort-deconfigure)
                        ;;

                        *)
                            echo "postinst called with unknown argument \\`$1'" >&2
                            exit 1
                        ;;
                    esac

                    exit 0
                    """.formatted(app, ARCHIVE, dumpOptions(app)), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("prerm"), """
                    #!/bin/sh
                    # prerm script for APPLICATION_PACKAGE (jpackage's template, and the class-data archive)
                    set -e

                    UTILITY_SCRIPTS

                    case "$1" in
                        remove|upgrade|deconfigure)
                    DESKTOP_COMMANDS_UNINSTALL
                            rm -f %1$s/%2$s
                        ;;

                        failed-upgrade)
                        ;;

                        *)
                            echo "prerm called with unknown argument \\`$1'" >&2
                            exit 1
                        ;;
                    esac

                    exit 0
                    """.formatted(app, ARCHIVE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the .deb's scripts in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path appDir(Path image) {
        return image.resolve("lib/app");
    }

    private static Path launcher(Path image) {
        return image.resolve("bin").resolve(JPackage.NAME);
    }
}
