package io.nanogrid.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class IoReasonsTest {
    @Test
    void aReasonIsNeverJustThePath() {
        assertEquals("file not found", IoReasons.of(new NoSuchFileException("/tmp/ng/nosuch.json")));
        assertEquals("permission denied", IoReasons.of(new AccessDeniedException("/sys/.x.png.1163.tmp")));
        assertEquals("not UTF-8 text", IoReasons.of(new MalformedInputException(1)));
        assertEquals("read-only file system", IoReasons.of(new FileSystemException("/mnt/x", null,
                "Read-only file system")));
        assertEquals("the file system refused it", IoReasons.of(new FileSystemException("/mnt/x")));
        assertEquals("disk on fire", IoReasons.of(new IOException("disk on fire")));
    }
}
