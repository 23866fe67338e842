package io.nanogrid.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux app-image built by -Pinstallers, started as a user starts it (bin/Nanogrid), headless: the
 * command line answers, the workbench renders its first-start grid to a PNG, and neither ONNX Runtime
 * nor JavaFX unpacks a native library anywhere at start. A .deb, when one was built, depends on GTK 3 and
 * installs a desktop entry and an icon.
 */
@EnabledIfSystemProperty(named = "nanogrid.appImage", matches = ".+")
@EnabledOnOs(OS.LINUX)
class AppImageIT {
    static final Path IMAGE = Path.of(System.getProperty("nanogrid.appImage", "none"));
    static final Path APP = IMAGE.resolve("lib/app");

    @TempDir
    Path dir;

    /** A fresh home and temp folder: whatever the app writes at start shows up there. */
    private Map<String, String> env() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        return Map.of("HOME", home.toString(), "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp,
                "NANOGRID_CONFIG", dir.resolve("config").toString());
    }

    private Proc launch(long timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(IMAGE.resolve("bin/Nanogrid").toString()));
        cmd.addAll(List.of(args));
        return Proc.run(cmd, env(), timeout);
    }

    @Test
    void holdsATrimmedRuntimeAndNativeLibrariesUnpackedInPlace() throws Exception {
        String release = Files.readString(IMAGE.resolve("lib/runtime/release"));
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        assertTrue(modules.contains("java.base") && modules.contains("jdk.httpserver"), modules);
        assertFalse(modules.contains("javafx") || modules.contains("jdk.compiler") || modules.contains("jdk.jshell"),
                "only what jdeps found: " + modules);
        assertFalse(modules.contains("jdk.incubator.vector"), "the launcher never resolves it: " + modules);
        assertFalse(Files.exists(IMAGE.resolve("lib/runtime/lib/libjsvml.so")), "jdk.incubator.vector's library");
        try (Stream<Path> s = Files.list(APP.resolve("lib"))) {
            List<String> unused = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("commons-math3-")
                    || n.startsWith("JTransforms-") || n.startsWith("JLargeArrays-") || n.startsWith("pngj-")
                    || n.matches("javafx-[a-z]+-[0-9.]+\\.jar")).toList();
            assertEquals(List.of(), unused, "jars the workbench never loads (app/pom.xml, AppInput)");
        }
        assertTrue(Files.isRegularFile(APP.resolve("native/libonnxruntime.so")));
        assertTrue(Files.isRegularFile(APP.resolve("native/libonnxruntime4j_jni.so")));
        assertTrue(Files.isRegularFile(APP.resolve("lib/libglass.so")), "JavaFX's libraries beside its jars");
        try (Stream<Path> jars = Files.list(APP.resolve("lib"))) {
            Path ort = jars.filter(p -> p.getFileName().toString().startsWith("onnxruntime-")).findFirst()
                    .orElseThrow();
            try (ZipFile z = new ZipFile(ort.toFile())) {
                assertTrue(z.stream().noneMatch(e -> e.getName().startsWith("ai/onnxruntime/native/")), ort
                        + " holds no native library");
            }
        }
        String cfg = Files.readString(APP.resolve("Nanogrid.cfg"));
        assertTrue(cfg.contains("-Donnxruntime.native.path=$APPDIR/native"), cfg);
        assertTrue(Files.isRegularFile(APP.resolve("sample-grids/text-assistant/grid.json")));
        assertTrue(Files.isRegularFile(IMAGE.resolve("lib/Nanogrid.png")), "the icon");
    }

    @Test
    void theCommandLineRunsAndOnnxRuntimeExtractsNothing() throws Exception {
        Proc version = launch(120, "--version");
        assertEquals(0, version.exit(), version.toString());
        assertEquals("nanogrid " + System.getProperty("nanogrid.version"), version.out().strip(), version.toString());
        Proc run = launch(120, "run", APP.resolve("sample-grids/text-assistant/grid.json").toString(), "--text",
                "play some jazz on spotify", "--json");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("\"route\": \"intent\""), run.toString());
        assertEquals(List.of(), files(dir.resolve("tmp")), "nothing extracted to the temp folder");
    }

    @Test
    void theWorkbenchRendersItsFirstStartGridHeadless() throws Exception {
        Path png = dir.resolve("window.png");
        Proc snap = launch(300, "gui", "--snapshot", png.toString());
        assertEquals(0, snap.exit(), snap.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
        assertEquals(880, img.getHeight());
        int dark = 0;
        for (int y = 0; y < 120; y++) {
            for (int x = 0; x < 400; x++) {
                dark += (img.getRGB(x, y) & 0xFF) < 100 ? 1 : 0;
            }
        }
        assertTrue(dark > 50, "the window was drawn: " + dark + " dark pixels in the top-left corner");
        assertFalse(Files.exists(dir.resolve("home/.openjfx")), "JavaFX extracted no library to ~/.openjfx");
        assertTrue(files(dir.resolve("tmp")).stream().noneMatch(f -> f.endsWith(".so")), "no library in the temp "
                + "folder: " + files(dir.resolve("tmp")));
        System.out.printf("AppImageIT: gui --snapshot of the first-start grid in %.1f s%n", snap.seconds());
    }

    @Test
    void theAppImageMapsTheClassDataArchiveMadeForItsFolder() throws Exception {
        String list = Files.readString(APP.resolve("nanogrid.classlist"));
        assertTrue(list.contains("io/nanogrid/app/main/MainWindow") && list.contains("javafx/scene/control/TableView"),
                "the class list holds the workbench's and JavaFX's classes");
        assertTrue(Files.size(APP.resolve("nanogrid.jsa")) > 10_000_000, "the archive was made");
        // -Xshare:on: the JVM stops with "Unable to use shared archive" unless it maps this one
        Map<String, String> on = new HashMap<>(env());
        on.put("JAVA_TOOL_OPTIONS", "-Xshare:on");
        Proc version = Proc.run(List.of(IMAGE.resolve("bin/Nanogrid").toString(), "--version"), on, 120);
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().contains("nanogrid"), version.toString());
    }

    @Test
    void theDebDependsOnGtkAndInstallsADesktopEntryAndAnIconButNoSampleGrid() throws Exception {
        Path deb = installer("nanogrid_");
        assumeTrue(deb != null, "no .deb built (add -Dinstaller.types=app-image,deb)");
        Proc depends = Proc.run(List.of("dpkg-deb", "-f", deb.toString(), "Depends"), Map.of(), 60);
        assertTrue(depends.out().contains("libgtk-3-0"), depends.toString());
        Proc contents = Proc.run(List.of("dpkg-deb", "-c", deb.toString()), Map.of(), 60);
        assertTrue(contents.out().contains("./opt/nanogrid/lib/nanogrid-Nanogrid.desktop"), contents.out());
        assertTrue(contents.out().contains("./opt/nanogrid/lib/Nanogrid.png"), contents.out());
        assertTrue(contents.out().contains("./opt/nanogrid/lib/app/native/libonnxruntime.so"), contents.out());
        assertTrue(contents.out().contains("./opt/nanogrid/bin/Nanogrid"), contents.out());
        assertFalse(contents.out().contains("/lib/app/sample-grids/"), "the sample grid is in nanogrid-samples: " + deb);
        // the class list travels; the archive, made for this build's folder, does not: postinst makes one
        assertTrue(contents.out().contains("./opt/nanogrid/lib/app/nanogrid.classlist"), contents.out());
        assertFalse(contents.out().contains("nanogrid.jsa"), contents.out());
        Proc postinst = Proc.run(List.of("dpkg-deb", "-I", deb.toString(), "postinst"), Map.of(), 60);
        assertTrue(postinst.out().contains("JAVA_TOOL_OPTIONS=\"-Xshare:dump -XX:SharedClassListFile="
                + "/opt/nanogrid/lib/app/nanogrid.classlist\" /opt/nanogrid/bin/Nanogrid"), postinst.out());
        assertTrue(postinst.out().contains("xdg-desktop-menu install"), "jpackage's own part: " + postinst.out());
        Proc prerm = Proc.run(List.of("dpkg-deb", "-I", deb.toString(), "prerm"), Map.of(), 60);
        assertTrue(prerm.out().contains("rm -f /opt/nanogrid/lib/app/nanogrid.jsa"), prerm.out());
    }

    @Test
    void theSampleGridIsAPackageOfItsOwnThatLandsInTheAppImagesFolder() throws Exception {
        Path deb = installer("nanogrid-samples_");
        assumeTrue(deb != null, "no .deb built (add -Dinstaller.types=app-image,deb)");
        Proc fields = Proc.run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Architecture", "Depends"),
                Map.of(), 60);
        assertTrue(fields.out().contains("Package: nanogrid-samples"), fields.toString());
        assertTrue(fields.out().contains("Architecture: all"), fields.toString());
        // jpackage's package is VERSION-1 (its default release): the samples need that very one
        assertTrue(fields.out().matches("(?s).*Depends: nanogrid \\(= [0-9.]+-1\\).*"), fields.toString());
        Proc contents = Proc.run(List.of("dpkg-deb", "-c", deb.toString()), Map.of(), 60);
        // every file of the app-image's sample grids, at the path the installed launcher's $APPDIR gives them
        Path samples = IMAGE.resolve("lib/app/sample-grids");
        List<String> files = files(samples);
        assertFalse(files.isEmpty());
        for (String f : files) {
            assertTrue(contents.out().contains("./opt/nanogrid/lib/app/sample-grids/" + f), f + " in " + deb);
        }
        assertTrue(contents.out().contains("root/root"), "owned by root: " + contents.out().lines().findFirst());
    }

    /** The installer whose file name starts with {@code prefix}, or null when none was built. */
    private static Path installer(String prefix) throws Exception {
        Path installers = Path.of(System.getProperty("nanogrid.installers", "none"));
        if (!Files.isDirectory(installers)) {
            return null;
        }
        try (Stream<Path> s = Files.list(installers)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".deb"))
                    .findFirst().orElse(null);
        }
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).sorted().toList();
        }
    }
}
