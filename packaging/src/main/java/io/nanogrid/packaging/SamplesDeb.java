package io.nanogrid.packaging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sample grids as a package of their own, {@code nanogrid-samples}, beside jpackage's {@code nanogrid}:
 * their float weights are 20.4 of the 59 MB a .deb with them weighs (hashed n-gram tables: xz cannot pack
 * them), and a workbench that builds its grids from the user's models needs none of them. Installed together,
 * the files land where the app-image has them ({@code /opt/nanogrid/lib/app/sample-grids}) and the workbench
 * opens the sample grid at its first start; without them it opens an empty grid.
 *
 * <p>jpackage makes one package of one app-image, so this one is made with dpkg-deb itself (which jpackage
 * runs too): a data-only package needs no more than its control file and its tree.
 */
final class SamplesDeb {
    static final String PACKAGE = "nanogrid-samples";
    /** Where jpackage's nanogrid package installs the app-image's $APPDIR on Linux. */
    static final String APPDIR = "opt/nanogrid/lib/app";
    /** jpackage's release of the nanogrid package (its --linux-app-release, left at its default). */
    static final String RELEASE = "1";

    private SamplesDeb() {
    }

    /** Builds {@code nanogrid-samples_VERSION-1_all.deb} in {@code dest} from the app-image's sample grids. */
    static Path build(Path samples, String appVersion, String maintainer, Path work, Path dest, PrintWriter log) {
        String version = appVersion + "-" + RELEASE;
        try {
            AppInput.copyTree(samples, work.resolve(APPDIR).resolve(AppInput.SAMPLES));
            Path debian = Files.createDirectories(work.resolve("DEBIAN"));
            readableByAll(work);
            Files.writeString(debian.resolve("control"), control(version, maintainer, kilobytes(samples)),
                    StandardCharsets.UTF_8);
            Files.createDirectories(dest);
            Path deb = dest.resolve(PACKAGE + "_" + version + "_all.deb");
            Tools.exec(List.of("dpkg-deb", "--root-owner-group", "-Zxz", "--build", work.toString(), deb.toString()), Map.of(), log);
            return deb;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the " + PACKAGE + " package: " + e.getMessage(), e);
        }
    }

    static String control(String version, String maintainer, long installedKb) {
        return "Package: " + PACKAGE + "\n"
                + "Version: " + version + "\n"
                + "Section: devel\n"
                + "Priority: optional\n"
                + "Architecture: all\n"
                + "Maintainer: " + JPackage.NAME + " <" + maintainer + ">\n"
                + "Depends: nanogrid (= " + version + ")\n"
                // an earlier nanogrid package of the same version held these files itself
                + "Replaces: nanogrid\n"
                + "Installed-Size: " + installedKb + "\n"
                + "Description: Nanogrid's sample grid (text-assistant)\n"
                + " The grid the Nanogrid workbench opens at its first start: a router and five text\n"
                + " experts (language, intent, sentiment, spam, topic) with float weights.\n";
    }

    /**
     * Folders 0755 and files 0644 whatever the build's umask: dpkg-deb refuses a DEBIAN folder others cannot
     * read, and what a package installs must be readable by every user (POSIX file systems; the .deb is Linux's).
     */
    private static void readableByAll(Path tree) throws IOException {
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : "rw-r--r--"));
            }
        }
    }

    private static long kilobytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> (p.toFile().length() + 1023) / 1024).sum();
        }
    }
}
