package io.nanogrid.engine.bundle;

import ai.onnx.proto.OnnxMl;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Imports mutated bundles and bundles holding mutated models, and checks each outcome: accepted
 * (then the folder holds exactly the bundle's files), or refused with one clear line naming the
 * bundle; never another exception, never a file outside the target folder, and never an accepted
 * bundle from a mutation that must be refused (escaping names, links, duplicates, bombs, lies).
 */
final class BundleFuzzer {
    private static final String TRACE = System.getProperty("nanogrid.fuzz.trace");

    private final Path work;
    private final Random random;
    private final List<TestBundles.Entry> entries;
    /** Bundles of one model each, whose model the model cases mutate. */
    private final List<List<TestBundles.Entry>> oneModel = new ArrayList<>();
    private final byte[] zip;
    private final BundleReader reader;
    /** Zip bombs by size in MiB, made once (deflating megabytes of zeros is the slow part). */
    private final Map<Integer, byte[]> bombs = new HashMap<>();
    private List<TestBundles.Entry> bare;

    /** Counts and problems of a run. */
    record Result(int bundles, int models, int accepted, int refused, List<String> crashes, List<String> strayWrites,
            List<String> unclear, List<String> evilAccepted, Map<String, Integer> strategies,
            Map<String, Integer> reasons, double seconds) {
        boolean clean() {
            return crashes.isEmpty() && strayWrites.isEmpty() && unclear.isEmpty() && evilAccepted.isEmpty();
        }

        String summary() {
            return String.format(Locale.ROOT, "%d mutated bundles + %d bundles with mutated models in %.1f s: "
                    + "%d refused, %d accepted; crashes %d, writes outside the target %d, unclear messages %d, "
                    + "must-refuse accepted %d", bundles, models, seconds, refused, accepted, crashes.size(),
                    strayWrites.size(), unclear.size(), evilAccepted.size());
        }
    }

    /** A mutated bundle and whether it must be refused. */
    private record Case(String strategy, byte[] zip, boolean mustRefuse) {
    }

    /** @param models more models to mutate (e.g. the real user model cnn_mnist.onnx), beside a keyword classifier */
    BundleFuzzer(Path work, long seed, BundleLimits limits, List<Path> models) {
        this.work = work;
        this.random = new Random(seed);
        Path bundle = TestBundles.exportThreeModels(work.resolve("source"));
        this.entries = TestBundles.read(bundle);
        oneModel.add(TestBundles.read(TestBundles.exportOneModel(work.resolve("source"))));
        for (int i = 0; i < models.size(); i++) {
            oneModel.add(TestBundles.read(TestBundles.exportOneModel(work.resolve("source"), models.get(i),
                    "model" + i)));
        }
        try {
            this.zip = Files.readAllBytes(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.reader = new BundleReader(TestBundles.RUNTIME, limits);
    }

    Result run(int bundleCount, int modelCount) {
        long t0 = System.nanoTime();
        int accepted = 0;
        int refused = 0;
        List<String> crashes = new ArrayList<>();
        List<String> stray = new ArrayList<>();
        List<String> unclear = new ArrayList<>();
        List<String> evil = new ArrayList<>();
        Map<String, Integer> strategies = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        // one folder for every attempt (folder churn is slow on some file systems): in/ holds the bundle,
        // out/ must hold nothing but the target after an attempt, and the target is removed before the next
        Path attempt = work.resolve("attempt");
        Path in = attempt.resolve("in").resolve("bundle.ngrid");
        Path target = attempt.resolve("out").resolve("grid");
        try {
            Files.createDirectories(in.getParent());
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < bundleCount + modelCount; i++) {
            Case c = i < bundleCount ? bundleCase() : modelCase();
            strategies.merge(c.strategy(), 1, Integer::sum);
            try {
                Files.write(in, c.zip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String label = "#" + i + " " + c.strategy();
            if (TRACE != null) {
                keep(c, i, TRACE, "last");
                System.err.println(label);
            }
            boolean ok = false;
            try {
                ExtractedBundle x = reader.extract(in, target, Progress.NONE);
                ok = true;
                accepted++;
                if (c.mustRefuse()) {
                    evil.add(label + ": accepted");
                }
                expectOnly(attempt, in, x, stray, label);
            } catch (BadInputException e) {
                refused++;
                String m = e.getMessage();
                boolean clear = m != null && !m.isBlank() && m.lines().count() == 1 && m.length() < 1000
                        && (m.startsWith(in.toString() + ": ") || m.startsWith("cannot read bundle " + in));
                if (!clear) {
                    unclear.add(label + ": " + m);
                }
                reasons.merge(reason(m, in.toString()), 1, Integer::sum);
            } catch (RuntimeException | Error e) {
                keep(c, i, System.getProperty("nanogrid.fuzz.keep"), "crash-" + i);
                crashes.add(label + ": " + e + " at " + Arrays.stream(e.getStackTrace()).limit(8)
                        .map(StackTraceElement::toString).toList());
            }
            if (!ok) {
                expectOnly(attempt, in, null, stray, label);
            }
            BundleReader.deleteTree(target);
        }
        BundleReader.deleteTree(attempt);
        return new Result(bundleCount, modelCount, accepted, refused, crashes, stray, unclear, evil, strategies,
                reasons, (System.nanoTime() - t0) / 1e9);
    }

    /** Keeps a case for study (crashes with -Dnanogrid.fuzz.keep=DIR; every case with -Dnanogrid.fuzz.trace=DIR). */
    private static void keep(Case c, int i, String dir, String name) {
        if (dir != null) {
            try {
                Files.createDirectories(Path.of(dir));
                Files.write(Path.of(dir, name + ".ngrid"), c.zip());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** After an attempt the folder holds the input, and on success exactly the bundle's files in the target. */
    private static void expectOnly(Path attempt, Path in, ExtractedBundle x, List<String> stray, String label) {
        Set<Path> expected = new HashSet<>();
        expected.add(in);
        if (x != null) {
            expected.add(x.dir().resolve(BundleFormat.MANIFEST));
            x.manifest().files().forEach(f -> expected.add(x.dir().resolve(f.path())));
        }
        Set<Path> found = new HashSet<>();
        try (Stream<Path> s = Files.walk(attempt)) {
            s.filter(p -> !Files.isDirectory(p)).forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.stream().filter(p -> !expected.contains(p)).forEach(p -> stray.add(label + ": " + attempt.relativize(p)));
        expected.stream().filter(p -> !found.contains(p)).forEach(p -> stray.add(label + ": missing "
                + attempt.relativize(p)));
        try (Stream<Path> s = Files.list(attempt.resolve("out"))) {
            s.filter(p -> x == null || !p.equals(x.dir())).forEach(p -> stray.add(label + ": " + attempt.relativize(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The refusal without the bundle path, numbers and quoted names: what kind of refusal it was. */
    private static String reason(String m, String bundle) {
        String r = m == null ? "null" : m.replace(bundle, "B").replaceAll("'[^']*'", "'…'")
                .replaceAll("[0-9a-f]{64}", "SHA").replaceAll("\\d+", "N");
        // refusals through BundleReader's catch-all say what the engine let escape: keep that part
        int cut = r.contains("cannot open the grid: ") ? r.indexOf("cannot open the grid: ") + 60
                : r.indexOf(':', r.indexOf(':') + 1);
        cut = Math.min(cut, r.length());
        r = cut > 0 ? r.substring(0, cut) : r;
        return r.length() > 90 ? r.substring(0, 90) : r;
    }

    /** A mutated model in a bundle whose checksums match it: parsing and ONNX Runtime must refuse it cleanly. */
    private Case modelCase() {
        if (random.nextInt(4) == 0) {
            return metadataCase();
        }
        List<TestBundles.Entry> bundle = oneModel.get(random.nextInt(oneModel.size()));
        TestBundles.Entry model = bundle.stream().filter(e -> e.name().startsWith("models/")).findFirst()
                .orElseThrow();
        byte[] mutated = Mutations.bytes(model.bytes(), random);
        return new Case("model-bytes", TestBundles.zip(TestBundles.replace(bundle, model.name(), mutated, true)),
                false);
    }

    /**
     * The keyword classifier's adapter or decoder spec (in its metadata) damaged, in a bundle whose
     * grid.json leaves them to the metadata: the engine must read the spec and refuse it clearly.
     */
    private Case metadataCase() {
        List<TestBundles.Entry> bundle = bareOneModel();
        TestBundles.Entry model = bundle.stream().filter(e -> e.name().startsWith("models/")).findFirst()
                .orElseThrow();
        try {
            OnnxMl.ModelProto.Builder b = OnnxMl.ModelProto.parseFrom(model.bytes())
                    .toBuilder();
            int i = random.nextInt(b.getMetadataPropsCount());
            JsonObject spec = JsonParser.parseString(b.getMetadataProps(i).getValue())
                    .getAsJsonObject();
            JsonObject damaged = Mutations.json(spec, random);
            if (random.nextBoolean()) {
                for (String key : List.of("labels", "wordNgrams", "charNgrams", "mean", "std")) {
                    if (damaged.get(key) instanceof JsonArray a) {
                        a.add(JsonNull.INSTANCE);
                    }
                }
            }
            b.setMetadataProps(i, b.getMetadataProps(i).toBuilder().setValue(damaged.toString()));
            return new Case("model-metadata", TestBundles.zip(TestBundles.replace(bundle, model.name(),
                    b.build().toByteArray(), true)), false);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keyword-classifier bundle with its expert's input and output left to the model's metadata. */
    private List<TestBundles.Entry> bareOneModel() {
        if (bare == null) {
            List<TestBundles.Entry> one = oneModel.get(0);
            JsonObject grid = JsonParser.parseString(new String(one.stream()
                    .filter(e -> e.name().equals("grid.json")).findFirst().orElseThrow().bytes(),
                    StandardCharsets.UTF_8)).getAsJsonObject();
            JsonObject expert = grid.getAsJsonArray("experts").get(0).getAsJsonObject();
            expert.remove("input");
            expert.remove("output");
            List<TestBundles.Entry> b = TestBundles.replace(one, "grid.json", Mutations.utf8(grid.toString()), true);
            bare = TestBundles.editManifest(b, m -> m.add("grid", grid));
        }
        return bare;
    }

    private Case bundleCase() {
        Random r = random;
        int pick = r.nextInt(16);
        switch (pick) {
            case 0, 1, 2 -> {
                byte[] m = Mutations.bytes(zip, r);
                return new Case("zip-bytes", m, false);
            }
            case 3 -> {
                TestBundles.Entry e = entries.get(1 + r.nextInt(entries.size() - 1));
                byte[] m = Mutations.bytes(e.bytes(), r);
                return new Case("entry-bytes", TestBundles.zip(TestBundles.replace(entries, e.name(), m, false)),
                        !Arrays.equals(m, e.bytes()));
            }
            case 4 -> {
                JsonObject m = Mutations.json(TestBundles.manifest(entries), r);
                return new Case("manifest-json", TestBundles.zip(TestBundles.replace(entries, "manifest.json",
                        Mutations.utf8(m.toString()), false)), false);
            }
            case 5 -> {
                byte[] text = entries.get(0).bytes();
                return new Case("manifest-text", TestBundles.zip(TestBundles.replace(entries, "manifest.json",
                        Mutations.bytes(text, r), false)), false);
            }
            case 6 -> {
                String evil = Mutations.EVIL_NAMES.get(r.nextInt(Mutations.EVIL_NAMES.size()));
                List<TestBundles.Entry> list = r.nextBoolean()
                        ? TestBundles.with(entries, new TestBundles.Entry(evil, Mutations.utf8("evil")))
                        : rename(entries, 1 + r.nextInt(entries.size() - 1), evil);
                return new Case("evil-name", TestBundles.zip(list), true);
            }
            case 7 -> {
                TestBundles.Entry e = entries.get(1 + r.nextInt(entries.size() - 1));
                return new Case("symlink", TestBundles.zip(TestBundles.with(TestBundles.without(entries, e.name()),
                        new TestBundles.Entry(e.name(), Mutations.utf8("/etc/passwd"), 0120777))), true);
            }
            case 8 -> {
                TestBundles.Entry e = entries.get(r.nextInt(entries.size()));
                String name = r.nextBoolean() ? e.name() : e.name().toUpperCase(Locale.ROOT);
                return new Case("duplicate", TestBundles.zip(TestBundles.with(entries, new TestBundles.Entry(name,
                        e.bytes()))), true);
            }
            case 9 -> {
                TestBundles.Entry e = entries.get(r.nextInt(entries.size()));
                return new Case("missing-entry", TestBundles.zip(TestBundles.without(entries, e.name())), true);
            }
            case 10 -> {
                return new Case("unlisted-entry", TestBundles.zip(TestBundles.with(entries, new TestBundles.Entry(
                        "models/extra" + r.nextInt(100) + ".onnx", entries.get(2).bytes()))), true);
            }
            case 11 -> {
                int mib = 2 + r.nextInt(5);
                return new Case("zip-bomb", bombs.computeIfAbsent(mib, n -> TestBundles.zip(TestBundles.replace(
                        entries, "extra/bomb.bin", new byte[n << 20], true))), true);
            }
            case 12 -> {
                int v = r.nextBoolean() ? 2 + r.nextInt(100) : -r.nextInt(3);
                return new Case("format-version", TestBundles.zip(TestBundles.editManifest(entries,
                        m -> m.addProperty("formatVersion", v))), true);
            }
            case 13 -> {
                return new Case("size-or-sha-lie", TestBundles.zip(TestBundles.editManifest(entries, m -> {
                    JsonArray files = m.getAsJsonArray("files");
                    JsonObject f = files.get(r.nextInt(files.size())).getAsJsonObject();
                    if (r.nextBoolean()) {
                        f.addProperty("size", f.get("size").getAsLong() + 1 + r.nextInt(1000) * (r.nextBoolean()
                                ? 1 : -1) / 1000);
                    } else {
                        f.addProperty("sha256", Hashes.sha256(Mutations.utf8("other" + r.nextInt())));
                    }
                })), true);
            }
            case 14 -> {
                // grid.json damaged with its checksum fixed, so that it is parsed
                TestBundles.Entry grid = entries.stream().filter(e -> e.name().equals("grid.json")).findFirst()
                        .orElseThrow();
                JsonObject g = Mutations.json(JsonParser.parseString(new String(grid.bytes(),
                        StandardCharsets.UTF_8)).getAsJsonObject(), r);
                if (r.nextInt(4) == 0 && g.get("experts") instanceof JsonArray experts) {
                    experts.add(JsonNull.INSTANCE);
                }
                return new Case("grid-json", TestBundles.zip(TestBundles.replace(entries, "grid.json",
                        Mutations.utf8(g.toString()), true)), false);
            }
            default -> {
                String evil = Mutations.EVIL_NAMES.get(r.nextInt(Mutations.EVIL_NAMES.size()));
                return new Case("grid-model-path", TestBundles.zip(TestBundles.editManifest(entries,
                        m -> m.getAsJsonObject("grid").getAsJsonArray("experts").get(0).getAsJsonObject()
                                .addProperty("model", evil))), true);
            }
        }
    }

    private static List<TestBundles.Entry> rename(List<TestBundles.Entry> entries, int index, String name) {
        List<TestBundles.Entry> out = new ArrayList<>(entries);
        out.set(index, new TestBundles.Entry(name, entries.get(index).bytes()));
        return out;
    }
}
