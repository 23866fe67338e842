package io.nanogrid.engine.ort;

import ai.onnxruntime.OrtEnvironment;
import io.nanogrid.engine.catalogue.CacheFolders;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.jar.JarEntry;

/**
 * Left alone, ONNX Runtime's Java binding copies its native libraries (28 MB on linux-x64) out of
 * its jar into a new folder of the temp directory at every start, and leaves that folder behind:
 * empty after a clean exit, with the 28 MB in it after a crash or a kill (measured on a team machine:
 * 3,090 such folders, 5 GB, in one day of builds). On a device whose /tmp is in RAM that is memory.
 *
 * <p>This copies them once per build of the libraries into nanogrid's cache folder
 * ({@link CacheFolders}, under {@code onnxruntime/PLATFORM-KEY}, see {@link #key}) and points ONNX
 * Runtime there with its own {@code onnxruntime.native.path} property, which it honours instead of
 * copying. A copy is written
 * to a temp file and renamed into place, so a copy cut short is never loaded; one of the wrong size
 * is replaced. When the property is already set (the launcher's unpacked copy, the installer's) or
 * the cache cannot be written, nothing changes and ONNX Runtime does what it does by default.
 */
final class NativeLibraryCache {
    /** ONNX Runtime's property: a folder holding its native libraries, loaded from there when set. */
    static final String PROPERTY = "onnxruntime.native.path";
    private static final String NATIVE = "ai/onnxruntime/native/";
    private static final List<String> NAMES = List.of(System.mapLibraryName("onnxruntime"),
            System.mapLibraryName("onnxruntime4j_jni"));

    private NativeLibraryCache() {
    }

    /** Installs the cached copy for this process unless {@link #PROPERTY} is set; never throws. */
    static void install() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        ClassLoader loader = OrtEnvironment.class.getClassLoader(); // a class literal does not start ONNX Runtime
        String platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (platform == null) {
            return;
        }
        try {
            Function<String, URL> resources = name -> loader.getResource(NATIVE + platform + "/" + name);
            String key = key(resources);
            if (key == null) {
                return;
            }
            Path folder = CacheFolders.current().resolve("onnxruntime").resolve(platform + "-" + key);
            if (prepare(folder, resources)) {
                System.setProperty(PROPERTY, folder.toString());
            }
        } catch (IOException | RuntimeException e) {
            // a read-only home or a full disk: ONNX Runtime's own copy to the temp folder still works
        }
    }

    /**
     * A name for this build of the libraries, from the CRC-32 and size the jar's directory records for
     * each (read without inflating 28 MB): another ONNX Runtime version, or the device jar's copy of
     * it, gets a folder of its own. Null when the libraries are not entries of a jar.
     */
    static String key(Function<String, URL> resources) throws IOException {
        StringBuilder key = new StringBuilder();
        for (String name : NAMES) {
            URL url = resources.apply(name);
            if (url == null || !(url.openConnection() instanceof JarURLConnection jar)) {
                return null;
            }
            JarEntry e = jar.getJarEntry();
            if (e.getCrc() < 0 || e.getSize() < 0) {
                return null;
            }
            key.append(key.isEmpty() ? "" : "-").append(String.format("%08x%x", e.getCrc(), e.getSize()));
        }
        return key.toString();
    }

    /**
     * Makes {@code folder} hold ONNX Runtime's two native libraries as found by {@code resources}
     * (file name -> resource, null when absent). Returns false, writing nothing, when the jar has no
     * libraries for this platform.
     */
    static boolean prepare(Path folder, Function<String, URL> resources) throws IOException {
        for (String name : NAMES) {
            if (resources.apply(name) == null) {
                return false;
            }
        }
        createPrivate(folder);
        for (String name : NAMES) {
            URL source = resources.apply(name);
            Path target = folder.resolve(name);
            URLConnection c = source.openConnection();
            long size = c.getContentLengthLong();
            if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                continue;
            }
            Path partial = Files.createTempFile(folder, name, ".partial");
            try (InputStream in = c.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                move(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return true;
    }

    /** The platform folder name ONNX Runtime's jar uses ("linux-x64"), or null for one it does not ship. */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx"
                : os.startsWith("windows") ? "win" : null;
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return system == null || arch == null ? null : system + "-" + arch;
    }

    private static void createPrivate(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Files.createDirectories(folder.getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException anotherProcess) {
            // created at the same moment by another nanogrid process: fine
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
