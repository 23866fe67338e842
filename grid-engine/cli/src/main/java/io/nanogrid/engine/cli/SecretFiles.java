package io.nanogrid.engine.cli;

import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Checks on files that hold secrets (an update token): another user of the machine must not read them. */
final class SecretFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {
    }

    /**
     * {@code file} when only its owner may read or write it; a BadInputException naming the option, the file and
     * its mode otherwise. File systems without POSIX permissions are not checked.
     */
    static Path ownerOnly(Path file, String option) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return file;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(option + " " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(option + " " + file + ": cannot read it (" + IoReasons.of(e) + ")");
        }
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw new BadInputException(option + " " + file + " can be read or written by other users (mode "
                    + PosixFilePermissions.toString(perms) + "); make it owner-only: chmod 600 " + file);
        }
        return file;
    }
}
