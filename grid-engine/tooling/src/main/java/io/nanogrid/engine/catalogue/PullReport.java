package io.nanogrid.engine.catalogue;

import java.util.List;

/**
 * What `nanogrid data pull` did.
 *
 * @param dataset      the dataset's name
 * @param files        every file, where it is and where it came from
 * @param bytes        total bytes of the dataset
 * @param fetchedBytes bytes fetched now (0 when everything was cached)
 * @param seconds      wall time
 */
public record PullReport(String dataset, List<PulledFile> files, long bytes, long fetchedBytes, double seconds) {
    public static final String FROM_CACHE = "cache";

    public PullReport {
        files = List.copyOf(files);
    }
}
