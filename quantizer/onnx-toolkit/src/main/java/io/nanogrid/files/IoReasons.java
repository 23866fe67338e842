package io.nanogrid.files;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Why a file operation failed, in words for a message "cannot read X: why". The JDK's file
 * exceptions often carry only the path as their message ("cannot read x.json: x.json"), and a
 * charset decoder says "Input length = 1"; this is the one place that turns them into reasons.
 */
public final class IoReasons {
    private IoReasons() {
    }

    /** "file not found", "permission denied", "not UTF-8 text", or the system's own reason; never a bare path. */
    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "file not found";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemException f) {
            // the message is "file: reason" or just "file"; the reason alone is what the system said
            return f.getReason() != null ? lowerFirst(f.getReason()) : "the file system refused it";
        }
        return e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** "Read-only file system" reads as "read-only file system" after a colon; "UTF-8" stays as it is. */
    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }
}
