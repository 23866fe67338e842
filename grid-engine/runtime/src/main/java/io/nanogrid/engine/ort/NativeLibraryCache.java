package io.nanogrid.engine.ort;

import ai.onnxruntime.OrtEnvironment;
import io.nanogrid.files.CacheFolders;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Left alone, ONNX Runtime's Java binding copies its native libraries (28 MB on linux-x64) out of
 * its jar into a new folder of the temp directory at every start, and leaves that folder behind:
 * empty after a clean exit, with the 28 MB in it after a crash or a kill (measured on a team machine:
 * 3,090 such folders, 5 GB, in one day of builds). On a device whose /tmp is in RAM that is memory.
 *
 * <p>This copies them once per build of the libraries into nanogrid's cache folder
 * ({@link CacheFolders}, under {@code onnxruntime/PLATFORM-KEY}, see {@link #key}) and points ONNX
 * Runtime there with its own {@code onnxruntime.native.path} property, which it honours instead of
 * copying. Native code is loaded from there only when it is safe and sound:
 * <ul>
 * <li>the folder belongs to this user and no one else may write to it or to the libraries;</li>
 * <li>each library has the CRC-32 and size its jar records (a copy is synced and checked before it
 * is renamed into place, and a wrong one is replaced);</li>
 * <li>it loads (a cache on a noexec mount does not).</li>
 * </ul>
 * Otherwise, and when the property is already set (the launcher's unpacked copy, the installer's) or
 * there is no home folder, nothing changes and ONNX Runtime does what it does by default.
 */
final class NativeLibraryCache {
    /** ONNX Runtime's property: a folder holding its native libraries, loaded from there when set. */
    static final String PROPERTY = "onnxruntime.native.path";
    private static final String NATIVE = "ai/onnxruntime/native/";
    /** ONNX Runtime's library first: the JNI library links against it. */
    private static final List<String> NAMES = List.of(System.mapLibraryName("onnxruntime"),
            System.mapLibraryName("onnxruntime4j_jni"));
    /** A partial copy this old was left by a process that died while copying. */
    private static final Duration STALE = Duration.ofMinutes(10);

    private NativeLibraryCache() {
    }

    /** Installs the cached copy for this process unless {@link #PROPERTY} is set; never throws. */
    static void install() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        ClassLoader loader = OrtEnvironment.class.getClassLoader(); // a class literal does not start ONNX Runtime
        String platform = platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        Path cache = CacheFolders.current();
        if (platform == null || !cache.isAbsolute()) { // no home folder: user.home is "?" in some containers
            return;
        }
        try {
            Function<String, URL> resources = name -> loader.getResource(NATIVE + platform + "/" + name);
            String key = key(resources);
            if (key == null) {
                return;
            }
            Path folder = cache.resolve("onnxruntime").resolve(platform + "-" + key);
            if (prepare(folder, resources) && loads(folder)) {
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
            JarEntry e = entry(resources.apply(name));
            if (e == null) {
                return null;
            }
            key.append(key.isEmpty() ? "" : "-").append(String.format("%08x%x", e.getCrc(), e.getSize()));
        }
        return key.toString();
    }

    /**
     * Makes {@code folder} hold ONNX Runtime's two native libraries as found by {@code resources}
     * (file name -> resource, null when absent), each checked against its CRC-32. Returns false,
     * writing nothing, when the jar has no libraries for this platform, and false when the folder is
     * not this user's alone (then nothing in it is used).
     */
    static boolean prepare(Path folder, Function<String, URL> resources) throws IOException {
        for (String name : NAMES) {
            if (resources.apply(name) == null) {
                return false;
            }
        }
        createPrivate(folder);
        if (!ownedByThisUserAlone(folder)) {
            return false;
        }
        removeStalePartials(folder);
        for (String name : NAMES) {
            URL source = resources.apply(name);
            Path target = folder.resolve(name);
            long crc = expectedCrc(source);
            if (Files.isRegularFile(target) && crc(target) == crc) {
                if (!notWritableByOthers(target)) {
                    return false;
                }
                continue;
            }
            Path partial = Files.createTempFile(folder, name, ".partial");
            try {
                try (InputStream in = source.openStream()) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel c = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    c.force(true); // a power cut after the rename must not leave a file of the right name only
                }
                if (crc(partial) != crc) {
                    throw new IOException(source + ": the copy does not match its CRC-32");
                }
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

    /** Whether the cached ONNX Runtime library can be loaded at all (not, for example, from a noexec mount). */
    private static boolean loads(Path folder) {
        try {
            System.load(folder.resolve(NAMES.get(0)).toString()); // ONNX Runtime's own load of it is then a no-op
            return true;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return false;
        }
    }

    private static JarEntry entry(URL url) throws IOException {
        if (url == null || !(url.openConnection() instanceof JarURLConnection jar)) {
            return null;
        }
        JarEntry e = jar.getJarEntry();
        return e.getCrc() < 0 || e.getSize() < 0 ? null : e;
    }

    /** The CRC-32 the jar records for a resource, or the resource's own when it is not in a jar. */
    private static long expectedCrc(URL source) throws IOException {
        JarEntry e = entry(source);
        if (e != null) {
            return e.getCrc();
        }
        URLConnection c = source.openConnection();
        try (InputStream in = c.getInputStream()) {
            return crc(in);
        }
    }

    private static long crc(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return crc(in);
        }
    }

    private static long crc(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            crc.update(buffer, 0, n);
        }
        return crc.getValue();
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

    /**
     * Whether the folder belongs to this process's user (the owner of a file it creates there) and no
     * one else may write to it. Always true where files have no POSIX owner and permissions.
     */
    private static boolean ownedByThisUserAlone(Path folder) throws IOException {
        if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return true;
        }
        Path probe = Files.createTempFile(folder, ".owner", ".probe");
        try {
            return Files.getOwner(probe).equals(Files.getOwner(folder)) && notWritableByOthers(folder);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static boolean notWritableByOthers(Path p) throws IOException {
        if (!p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return true;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        return !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** Partial copies left by processes that died while copying. */
    private static void removeStalePartials(Path folder) throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(STALE));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList()) {
                if (Files.getLastModifiedTime(p).compareTo(before) < 0) {
                    Files.deleteIfExists(p);
                }
            }
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
