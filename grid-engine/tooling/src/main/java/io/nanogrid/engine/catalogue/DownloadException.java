package io.nanogrid.engine.catalogue;

/**
 * A dataset file could not be fetched or did not verify: offline, HTTP error, not in the mirror,
 * wrong size or checksum. The message is one line naming the dataset, the file and where it came
 * from; nothing partial is left in the cache. The command line answers exit code 1: the request was
 * fine, the source was not.
 */
public class DownloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
