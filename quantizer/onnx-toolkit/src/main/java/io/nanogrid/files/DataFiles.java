package io.nanogrid.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The data loaders' one wording for a path they cannot read: "X: file not found", "X is a directory, ...". */
public final class DataFiles {
    private DataFiles() {
    }

    /** Refuses a path that is not a file, naming it. */
    public static void requireFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a directory, not a data file");
        }
        if (!Files.exists(file)) {
            throw new BadInputException(file + ": file not found");
        }
    }

    /** An I/O problem reading a data file, naming the file once. */
    public static BadInputException unreadable(Path file, IOException e) {
        // "file not found" and "permission denied" say it all; other reasons read after "cannot read"
        boolean plain = e instanceof NoSuchFileException || e instanceof AccessDeniedException;
        return new BadInputException(file + ": " + (plain ? "" : "cannot read: ") + IoReasons.of(e), e);
    }
}
