package io.nanogrid.engine.catalogue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A named part of a dataset ("train", "dev", "test", or "all" when the source has no split).
 *
 * @param name     split name
 * @param files    the files that hold it (paths of {@link CatalogueEntry#files()})
 * @param examples how many examples it holds, as the source states
 */
public record CatalogueSplit(String name, List<String> files, Long examples) {
    public CatalogueSplit {
        files = files != null ? Collections.unmodifiableList(new ArrayList<>(files)) : List.of();
    }
}
