package io.nanogrid.engine.catalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One dataset (or real-world model) of the catalogue.
 *
 * @param name     the name commands take ("sst2")
 * @param title    a one-line title
 * @param kind     "dataset" or "model"
 * @param task     what it is for
 * @param upstream where it comes from (project, repository and commit)
 * @param licence  its licence or terms of use
 * @param format   how its files are laid out
 * @param splits   its splits (empty for a model)
 * @param files    every file, with upstream address, sha256 and size
 */
public record CatalogueEntry(String name, String title, String kind, String task, String upstream, String licence,
        String format, List<CatalogueSplit> splits, List<CatalogueFile> files) {
    public CatalogueEntry {
        splits = splits != null ? Collections.unmodifiableList(new ArrayList<>(splits)) : List.of();
        files = files != null ? Collections.unmodifiableList(new ArrayList<>(files)) : List.of();
    }

    /** Total bytes of its files. */
    public long size() {
        return files.stream().mapToLong(CatalogueFile::size).sum();
    }

    public Optional<CatalogueFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
