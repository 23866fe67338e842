package io.nanogrid.packaging;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** jpackage: the app-image first, then each installer made from that image. */
final class JPackage {
    static final String NAME = "Nanogrid";
    static final String MAIN_CLASS = "io.nanogrid.app.Launcher";
    static final String DESCRIPTION = "Design, test and run inference grids of nano ONNX models";
    /** Windows finds an installed version to upgrade by this; it must never change. */
    static final String WIN_UPGRADE_UUID = "6a3f3c2e-8d1b-4d5e-9f1a-2b7c0e4d9a61";

    private JPackage() {
    }

    /**
     * The launcher runs the workbench (or the nanogrid command line when given arguments) on the linked
     * runtime. $APPDIR is jpackage's token for the folder holding the input: ONNX Runtime loads its
     * libraries from $APPDIR/native, and the workbench finds its sample grids in $APPDIR/sample-grids.
     */
    static Path appImage(Path input, String mainJar, Path runtime, Path icon, String version, Path dest,
            PrintWriter log) {
        List<String> args = new ArrayList<>(List.of("--type", "app-image", "--name", NAME, "--app-version", version,
                "--vendor", NAME, "--description", DESCRIPTION, "--input", input.toString(),
                "--main-jar", AppInput.LIB + "/" + mainJar, "--main-class", MAIN_CLASS,
                "--runtime-image", runtime.toString(), "--icon", icon.toString(),
                "--java-options", "-Donnxruntime.native.path=$APPDIR/" + AppInput.NATIVE,
                "--java-options", "-Dnanogrid.home=$APPDIR",
                // memory handed back when the labs are done with it (see ./nanogrid; the C heap's trim needs
                // JDK 17.0.9 or later and is ignored before). No -Xmx here: the same launcher runs the command
                // line, whose quantization of a large model may need more.
                "--java-options", "-XX:G1PeriodicGCInterval=5000", "--java-options", "-XX:MinHeapFreeRatio=10",
                "--java-options", "-XX:MaxHeapFreeRatio=30", "--java-options", "-XX:+IgnoreUnrecognizedVMOptions",
                "--java-options", "-XX:+UnlockExperimentalVMOptions",
                "--java-options", "-XX:TrimNativeHeapInterval=5000",
                // the optimizing JIT waits for code that runs 10x longer, so that its threads leave the cores
                // to the window's first styling and layout (see ./nanogrid; long loops still reach it)
                "--java-options", "-XX:Tier4InvocationThreshold=200000",
                "--java-options", "-XX:Tier4MinInvocationThreshold=100000",
                "--java-options", "-XX:Tier4CompileThreshold=250000",
                "--java-options", "-XX:Tier4BackEdgeThreshold=400000",
                "--dest", dest.toString()));
        // the class-data archive, where there is one (see ClassDataArchive)
        for (String option : ClassDataArchive.javaOptions()) {
            args.addAll(List.of("--java-options", option));
        }
        Tools.run("jpackage", args, log);
        return dest.resolve(NAME + (Platform.current().os().equals("mac") ? ".app" : ""));
    }

    /** One installer (deb, rpm, msi, exe, dmg or pkg) made from the app-image. */
    static void installer(String type, Path appImage, String version, String maintainer, Path resources, Path dest,
            Platform p, PrintWriter log) {
        List<String> args = new ArrayList<>(List.of("--type", type, "--app-image", appImage.toString(), "--name", NAME,
                "--app-version", version, "--vendor", NAME, "--description", DESCRIPTION, "--dest", dest.toString()));
        switch (p.os()) {
            case "linux" -> args.addAll(List.of("--linux-package-name", "nanogrid", "--linux-shortcut",
                    "--linux-menu-group", "Development", "--linux-app-category", "devel",
                    // GTK 3 is what JavaFX opens windows with; jpackage's own scan finds the libraries the
                    // image links to, not the ones JavaFX loads at run time
                    "--linux-package-deps", type.equals("rpm") ? "gtk3" : "libgtk-3-0"));
            case "windows" -> args.addAll(List.of("--win-menu", "--win-menu-group", NAME, "--win-shortcut",
                    "--win-dir-chooser", "--win-upgrade-uuid", WIN_UPGRADE_UUID));
            default -> args.addAll(List.of("--mac-package-identifier", "io.nanogrid.workbench"));
        }
        if (type.equals("deb")) {
            args.addAll(List.of("--linux-deb-maintainer", maintainer));
        }
        if (resources != null) {
            args.addAll(List.of("--resource-dir", resources.toString()));
        }
        Tools.run("jpackage", args, log);
    }
}
