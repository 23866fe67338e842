package io.nanogrid.engine.catalogue;

import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The engine's door to the datasets: resolves a catalogue file to a local, verified path, fetching
 * it into the cache when it is missing or does not verify. Trainers, the sample builder and
 * `nanogrid data pull` all go through it. Thread-safe: concurrent fetches of one file each write
 * their own temporary file and the last atomic rename wins with identical bytes.
 */
public final class DataStore {
    private final Catalogue catalogue;
    private final DataSettings settings;
    private final Fetcher fetcher;

    public DataStore(Catalogue catalogue, DataSettings settings, HttpClient http) {
        this(catalogue, settings, () -> http);
    }

    /** @param http made at the first download (see {@link Fetcher#Fetcher}) */
    private DataStore(Catalogue catalogue, DataSettings settings, Supplier<HttpClient> http) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.fetcher = new Fetcher(http);
    }

    /** The built-in catalogue, a redirect-following HTTP client (made when first needed), and the given settings. */
    public static DataStore of(DataSettings settings) {
        return new DataStore(Catalogue.builtIn(), settings, Fetcher::defaultClient);
    }

    /** Another catalogue (a model fetched like the datasets), a redirect-following HTTP client, the settings. */
    public static DataStore of(Catalogue catalogue, DataSettings settings) {
        return new DataStore(catalogue, settings, Fetcher::defaultClient);
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    public DataSettings settings() {
        return settings;
    }

    /**
     * Makes every file of a dataset present and verified in the cache.
     *
     * @throws BadInputException   for an unknown name (the message lists the names there are)
     * @throws DownloadException   when a file cannot be fetched or does not verify
     */
    public PullReport pull(String name, Progress progress) {
        CatalogueEntry entry = catalogue.entry(name);
        long t0 = System.nanoTime();
        ByteProgress bytes = new ByteProgress(progress, name, entry.size());
        List<PulledFile> files = new ArrayList<>();
        long fetched = 0;
        for (CatalogueFile f : entry.files()) {
            PulledFile p = ensure(entry.name(), f, bytes);
            files.add(p);
            fetched += p.fetched() ? p.size() : 0;
        }
        return new PullReport(name, files, entry.size(), fetched, (System.nanoTime() - t0) / 1e9);
    }

    /** The datasets of the catalogue (not its models): what the sample grids are trained and tested on. */
    public List<CatalogueEntry> sampleData() {
        return catalogue.datasets().stream().filter(e -> !"model".equals(e.kind())).toList();
    }

    /** Bytes of {@link #sampleData()}. */
    public long sampleDataSize() {
        return sampleData().stream().mapToLong(CatalogueEntry::size).sum();
    }

    /**
     * Pulls every dataset of {@link #sampleData()}, reporting the bytes over all of them; the folder they land in
     * ({@link DataSettings#cached} of each file) is then a datasets folder.
     */
    public List<PullReport> pullSampleData(Progress progress) {
        long total = sampleDataSize();
        long[] before = {0};
        List<PullReport> out = new ArrayList<>();
        for (CatalogueEntry e : sampleData()) {
            long base = before[0];
            out.add(pull(e.name(), new Progress() {
                @Override
                public void update(long done, long all, String message) {
                    progress.update(base + done, total, message);
                }

                @Override
                public boolean cancelled() {
                    return progress.cancelled();
                }
            }));
            before[0] += e.size();
        }
        return out;
    }

    /** The folder pulled datasets land in, laid out like ../shared/data. */
    public Path dataFolder() {
        return settings.cacheDir().resolve("data");
    }

    /**
     * One file of a dataset as a local verified path, fetched if needed.
     *
     * @param path the file's relative path, as in ../shared/data ("text/sst2/dev.tsv")
     */
    public Path file(String dataset, String path, Progress progress) {
        CatalogueEntry entry = catalogue.entry(dataset);
        CatalogueFile f = entry.file(path).orElseThrow(() -> new BadInputException("dataset '" + dataset
                + "' has no file '" + path + "'; expected one of " + entry.files().stream()
                        .map(CatalogueFile::path).toList()));
        return Path.of(ensure(dataset, f, new ByteProgress(progress, dataset, f.size())).local());
    }

    /** The files of one split of a dataset ("train", "dev", "test", "all"), fetched if needed. */
    public List<Path> split(String dataset, String split, Progress progress) {
        CatalogueEntry entry = catalogue.entry(dataset);
        CatalogueSplit s = entry.splits().stream().filter(x -> x.name().equals(split)).findFirst()
                .orElseThrow(() -> new BadInputException("dataset '" + dataset + "' has no split '" + split
                        + "'; expected one of " + entry.splits().stream().map(CatalogueSplit::name).toList()));
        return s.files().stream().map(p -> file(dataset, p, progress)).toList();
    }

    /** Whether every file of the dataset is in the cache with the right size (not re-hashed). */
    public boolean looksCached(CatalogueEntry entry) {
        for (CatalogueFile f : entry.files()) {
            Path p = settings.cached(f);
            try {
                if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private PulledFile ensure(String dataset, CatalogueFile f, ByteProgress progress) {
        if (!CatalogueValidator.isSafePath(f.path())) {
            throw new BadInputException("dataset '" + dataset + "': unsafe path in the catalogue: " + f.path());
        }
        Path local = settings.cached(f);
        if (verified(local, f)) {
            progress.add(f.size(), f.path());
            return new PulledFile(f.path(), local.toString(), f.size(), f.sha256(), PullReport.FROM_CACHE);
        }
        String source = fetcher.fetch(dataset, f, settings.mirror(), local, progress);
        return new PulledFile(f.path(), local.toString(), f.size(), f.sha256(), source);
    }

    /** Present with the right size and checksum; a wrong cached copy is fetched again. */
    private static boolean verified(Path local, CatalogueFile f) {
        try {
            if (!Files.isRegularFile(local) || Files.size(local) != f.size()) {
                return false;
            }
            MessageDigest sha = Fetcher.sha256();
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(local)) {
                int r;
                while ((r = in.read(buf)) != -1) {
                    sha.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(sha.digest()).equals(f.sha256());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cached file " + local + ": " + IoReasons.of(e), e);
        }
    }
}
