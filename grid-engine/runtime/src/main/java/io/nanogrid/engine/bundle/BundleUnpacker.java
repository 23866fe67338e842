package io.nanogrid.engine.bundle;

import io.nanogrid.engine.json.VersionedJson;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a bundle's zip with suspicion and writes its files into a fresh folder. In order: the
 * archive's size; every entry of the central directory (count, name, symbolic link, duplicate,
 * encryption, method); manifest.json (size-capped, schema, version, content); the entries against
 * the manifest's list (nothing missing, nothing extra); then each entry, streamed through SHA-256
 * while the bytes actually inflated are counted against the manifest's size, the per-entry and total
 * limits and the compression ratio. Nothing from the zip's own size fields is trusted.
 *
 * <p>Commons Compress reads the zip because java.util.zip does not expose the Unix mode that marks
 * an entry as a symbolic link.
 */
final class BundleUnpacker {
    private final BundleLimits limits;

    BundleUnpacker(BundleLimits limits) {
        this.limits = limits;
    }

    /** @param dir a fresh empty folder the files go into */
    Unpacked unpack(Path bundle, Path dir, Progress progress) {
        String src = bundle.toString();
        long archiveBytes = archiveSize(bundle, src);
        try {
            if (CentralDirectory.count(bundle, limits.maxEntries()) > limits.maxEntries()) {
                throw new BadInputException(src + ": more than " + limits.maxEntries() + " entries");
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read bundle " + src + ": " + IoReasons.of(e), e);
        }
        try (ZipFile zip = open(bundle, src)) {
            Map<String, ZipArchiveEntry> entries = entries(zip, src);
            ZipArchiveEntry manifestEntry = entries.get(BundleFormat.MANIFEST);
            if (manifestEntry == null) {
                throw new BadInputException(src + ": no " + BundleFormat.MANIFEST + " (not a nanogrid bundle?)");
            }
            byte[] manifestBytes = read(zip, manifestEntry, src);
            BundleManifest manifest = manifest(manifestBytes, src);
            crossCheck(entries, manifest, src);
            Files.write(dir.resolve(BundleFormat.MANIFEST), manifestBytes, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            long total = manifestEntry.getSize();
            long all = manifest.files().stream().mapToLong(BundleFile::size).sum();
            long done = 0;
            for (BundleFile f : manifest.files()) {
                progress.update(done, all, "checking " + f.path());
                progress.checkCancelled();
                long n = extract(zip, entries.get(f.path()), f, dir, total, src);
                total += n;
                done += n;
            }
            return new Unpacked(manifest, entries.size(), total, archiveBytes);
        } catch (IOException e) {
            throw new BadInputException(src + ": cannot read the bundle: " + IoReasons.of(e), e);
        }
    }

    private long archiveSize(Path bundle, String src) {
        if (Files.isDirectory(bundle)) {
            throw new BadInputException("cannot read bundle " + src + ": it is a folder, not a .ngrid file");
        }
        if (!Files.isRegularFile(bundle)) {
            throw new BadInputException("cannot read bundle " + src + ": file not found");
        }
        try {
            long size = Files.size(bundle);
            if (size > limits.maxArchiveBytes()) {
                throw new BadInputException(src + ": the bundle is " + size + " bytes, over the limit of "
                        + limits.maxArchiveBytes());
            }
            return size;
        } catch (IOException e) {
            throw new BadInputException("cannot read bundle " + src + ": " + IoReasons.of(e), e);
        }
    }

    private static ZipFile open(Path bundle, String src) {
        try {
            return ZipFile.builder().setPath(bundle).setUseUnicodeExtraFields(false).get();
        } catch (IOException | RuntimeException e) {
            throw notAZip(src, e);
        }
    }

    /** Every entry by name, each name checked before it is used. */
    private Map<String, ZipArchiveEntry> entries(ZipFile zip, String src) {
        Map<String, ZipArchiveEntry> byName = new LinkedHashMap<>();
        Set<String> lower = new HashSet<>();
        try {
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements();) {
                ZipArchiveEntry entry = e.nextElement();
                if (byName.size() >= limits.maxEntries()) {
                    throw new BadInputException(src + ": more than " + limits.maxEntries() + " entries");
                }
                // the name as stored: Commons Compress turns '\\' into '/' in names from DOS zips
                String name = new String(entry.getRawName(), StandardCharsets.UTF_8);
                String problem = EntryNames.problem(name);
                if (problem != null) {
                    throw new BadInputException(src + ": " + problem);
                }
                if (!name.equals(entry.getName())) {
                    throw new BadInputException(src + ": entry '" + name + "' is read as '"
                            + EntryNames.show(entry.getName()) + "' (extra fields rename it)");
                }
                if (entry.isUnixSymlink()) {
                    throw new BadInputException(src + ": entry '" + name + "' is a symbolic link");
                }
                if (!lower.add(name.toLowerCase(Locale.ROOT))) {
                    throw new BadInputException(src + ": entry '" + name + "' appears twice (duplicate entries)");
                }
                if (entry.getGeneralPurposeBit().usesEncryption()) {
                    throw new BadInputException(src + ": entry '" + name + "' is encrypted");
                }
                if (entry.getMethod() != ZipEntry.DEFLATED && entry.getMethod() != ZipEntry.STORED) {
                    throw new BadInputException(src + ": entry '" + name + "' uses compression method "
                            + entry.getMethod() + "; bundles use DEFLATE or none");
                }
                if (!zip.canReadEntryData(entry)) {
                    throw new BadInputException(src + ": entry '" + name + "' cannot be read (unsupported zip feature)");
                }
                if (entry.getSize() > limits.maxEntryBytes()) {
                    throw new BadInputException(src + ": entry '" + name + "' says it holds " + entry.getSize()
                            + " bytes, over the per-entry limit of " + limits.maxEntryBytes());
                }
                byName.put(name, entry);
            }
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw notAZip(src, e);
        }
        return byName;
    }

    /** manifest.json's bytes, at most {@link BundleLimits#maxManifestBytes()}. */
    private byte[] read(ZipFile zip, ZipArchiveEntry entry, String src) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        copy(zip, entry, buf, limits.maxManifestBytes(), src + ": " + BundleFormat.MANIFEST, null);
        return buf.toByteArray();
    }

    private BundleManifest manifest(byte[] bytes, String src) {
        String where = src + ": " + BundleFormat.MANIFEST;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(where + ": not UTF-8 text");
        }
        BundleManifest m = VersionedJson.read(text, where, "a bundle manifest", BundleManifest.FORMAT_VERSION,
                BundleManifest.class);
        List<String> problems = ManifestValidator.problems(m, limits);
        if (!problems.isEmpty()) {
            throw new BadInputException(where + ": " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
        return m;
    }

    /** The zip holds exactly manifest.json and the files the manifest lists. */
    private static void crossCheck(Map<String, ZipArchiveEntry> entries, BundleManifest m, String src) {
        Set<String> listed = new HashSet<>();
        for (BundleFile f : m.files()) {
            listed.add(f.path());
            if (!entries.containsKey(f.path())) {
                throw new BadInputException(src + ": " + f.path() + " is listed in " + BundleFormat.MANIFEST
                        + " but missing from the bundle");
            }
        }
        for (String name : entries.keySet()) {
            if (!name.equals(BundleFormat.MANIFEST) && !listed.contains(name)) {
                throw new BadInputException(src + ": unexpected entry '" + name + "' (not listed in "
                        + BundleFormat.MANIFEST + ")");
            }
        }
    }

    /** Writes one entry to dir/path and checks it; returns its size. */
    private long extract(ZipFile zip, ZipArchiveEntry entry, BundleFile f, Path dir, long totalSoFar, String src)
            throws IOException {
        String where = src + ": " + f.path();
        Path target = dir.resolve(f.path()).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new BadInputException(where + ": escapes the folder"); // EntryNames makes this impossible
        }
        if (totalSoFar + f.size() > limits.maxTotalBytes()) {
            throw new BadInputException(src + ": the entries hold more than the total limit of "
                    + limits.maxTotalBytes() + " bytes");
        }
        Files.createDirectories(target.getParent());
        MessageDigest sha = Hashes.sha256();
        long n;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            n = copy(zip, entry, out, f.size(), where, sha);
        }
        if (n != f.size()) {
            throw new BadInputException(where + ": holds " + n + " bytes, " + BundleFormat.MANIFEST + " says "
                    + f.size());
        }
        String got = Hashes.hex(sha.digest());
        if (!got.equals(f.sha256())) {
            throw new BadInputException(where + ": checksum mismatch (sha256 " + got + ", " + BundleFormat.MANIFEST
                    + " says " + f.sha256() + ")");
        }
        return n;
    }

    /**
     * Inflates an entry into {@code out}, counting the bytes actually produced: more than {@code max}
     * or a compression ratio over the limit stops it at once.
     */
    private long copy(ZipFile zip, ZipArchiveEntry entry, OutputStream out, long max, String where,
            MessageDigest sha) {
        long compressed = Math.max(1, entry.getCompressedSize());
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            int r;
            while ((r = in.read(buf)) != -1) {
                n += r;
                if (n > max) {
                    throw new BadInputException(where + ": holds more than the " + max + " bytes "
                            + (sha == null ? "a manifest may have" : BundleFormat.MANIFEST + " declares"));
                }
                if (n > limits.ratioFloorBytes() && (double) n / compressed > limits.maxRatio()) {
                    throw new BadInputException(where + ": compression ratio over " + (long) limits.maxRatio()
                            + ":1 (a zip bomb?)");
                }
                if (sha != null) {
                    sha.update(buf, 0, r);
                }
                write(out, buf, r, where);
            }
        } catch (BadInputException | UncheckedIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(where + ": corrupt data: " + message(e), e);
        }
        return n;
    }

    private static void write(OutputStream out, byte[] buf, int n, String where) {
        try {
            out.write(buf, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static BadInputException notAZip(String src, Exception e) {
        return new BadInputException(src + ": not a valid zip: " + message(e), e);
    }

    /** One line; the library's exception type when it gave no message. */
    static String message(Exception e) {
        String m = e.getMessage();
        String line = m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").trim();
        if (e instanceof RuntimeException) {
            line = line + " [" + e.getClass().getSimpleName() + "]";
        }
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
