package io.nanogrid.engine.bundle;

import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a manifest's content before any entry is read: safe unique paths, checksums, sizes within
 * the limits, a valid grid whose model paths are files of the bundle, and provenance for every
 * model. Problems are "manifest.json: files[2].size: ...".
 */
final class ManifestValidator {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final BundleLimits limits;
    private final List<String> problems = new ArrayList<>();

    private ManifestValidator(BundleLimits limits) {
        this.limits = limits;
    }

    /** Every problem; empty when the manifest may be acted on. */
    static List<String> problems(BundleManifest m, BundleLimits limits) {
        ManifestValidator v = new ManifestValidator(limits);
        v.manifest(m);
        return v.problems;
    }

    private void check(boolean ok, String path, String message) {
        if (!ok) {
            problems.add(path + ": " + message);
        }
    }

    private void manifest(BundleManifest m) {
        Map<String, BundleFile> files = files(m.files());
        check(files.containsKey(BundleFormat.GRID), "files", "has no " + BundleFormat.GRID);
        GridSpec grid = m.grid();
        if (grid == null) {
            problems.add("grid: is required");
            return;
        }
        GridValidator.problems(grid).forEach(p -> problems.add("grid." + p));
        Set<String> nodes = new HashSet<>();
        Set<String> gridModels = new HashSet<>();
        if (grid.encoder() != null) {
            nodes.add(GridSpec.ENCODER_NODE);
            modelPath(grid.encoder().model(), "grid.encoder.model", files, gridModels);
            adapterFile(grid.encoder().input(), "grid.encoder.input", files);
        }
        if (grid.router() != null) {
            nodes.add(GridSpec.ROUTER_NODE);
            modelPath(grid.router().model(), "grid.router.model", files, gridModels);
            adapterFile(grid.router().input(), "grid.router.input", files);
        }
        for (int i = 0; i < grid.experts().size(); i++) {
            ExpertSpec e = grid.experts().get(i);
            if (e != null) {
                nodes.add(e.id());
                modelPath(e.model(), "grid.experts[" + i + "].model", files, gridModels);
                adapterFile(e.input(), "grid.experts[" + i + "].input", files);
            }
        }
        Set<String> described = new HashSet<>();
        for (int i = 0; i < m.models().size(); i++) {
            BundleModel model = m.models().get(i);
            String p = "models[" + i + "]";
            if (model == null) {
                problems.add(p + ": is null");
                continue;
            }
            check(nodes.contains(model.node()), p + ".node", "'" + model.node() + "' is not a node of the grid");
            check(files.containsKey(model.path()), p + ".path", "'" + model.path() + "' is not in files");
            check(model.bits() == null || BitsProfile.isValid(model.bits()), p + ".bits",
                    "expected \"8\", \"4\", \"2\" or \"float\", got " + model.bits());
            check(gridModels.contains(model.path()), p + ".path", "'" + model.path() + "' is not used by the grid");
            described.add(model.path());
        }
        for (String path : gridModels) {
            check(described.contains(path), "models", "no entry (with provenance) for " + path);
        }
        TargetProfile t = m.target();
        if (t == null) {
            problems.add("target: is required");
        } else {
            t.bits().forEach((node, bits) -> {
                check(nodes.contains(node), "target.bits." + node, "is not a node of the grid");
                check(BitsProfile.isValid(bits), "target.bits." + node, "expected \"8\", \"4\", \"2\" or \"float\", "
                        + "got " + bits);
            });
        }
    }

    private Map<String, BundleFile> files(List<BundleFile> list) {
        Map<String, BundleFile> byPath = new HashMap<>();
        Set<String> lower = new HashSet<>();
        long total = 0;
        check(!list.isEmpty(), "files", "lists no files");
        for (int i = 0; i < list.size(); i++) {
            BundleFile f = list.get(i);
            String p = "files[" + i + "]";
            if (f == null) {
                problems.add(p + ": is null");
                continue;
            }
            String bad = EntryNames.problem(f.path());
            if (bad != null) {
                problems.add(p + ".path: " + bad);
                continue;
            }
            check(!f.path().equals(BundleFormat.MANIFEST), p + ".path", "the manifest does not list itself");
            check(lower.add(f.path().toLowerCase(Locale.ROOT)), p + ".path", "'" + f.path() + "' is listed twice");
            check(f.sha256() != null && SHA256.matcher(f.sha256()).matches(), p + ".sha256",
                    "expected 64 lower-case hex digits");
            check(f.size() >= 0 && f.size() <= limits.maxEntryBytes(), p + ".size", "must be 0.."
                    + limits.maxEntryBytes() + " bytes (the per-entry limit), got " + f.size());
            total += Math.max(0, Math.min(f.size(), limits.maxEntryBytes()));
            byPath.put(f.path(), f);
        }
        check(total <= limits.maxTotalBytes(), "files", "hold " + total + " bytes in all, over the limit of "
                + limits.maxTotalBytes());
        return byPath;
    }

    /** A file an adapter names (a tokenizer.json) must be one of the bundle's, under files/. */
    private void adapterFile(InputSpec in, String field, Map<String, BundleFile> files) {
        if (in instanceof TokenizerSpec t && t.tokenizer() != null) {
            check(t.tokenizer().startsWith(BundleFormat.FILES) && files.containsKey(t.tokenizer()),
                    field + ".tokenizer", "'" + EntryNames.show(t.tokenizer()) + "' is not a file of the bundle "
                            + "(expected " + BundleFormat.FILES + "NAME listed in files)");
        }
    }

    private void modelPath(String model, String field, Map<String, BundleFile> files, Set<String> used) {
        if (model == null) {
            return; // GridValidator reports it
        }
        if (!model.startsWith(BundleFormat.MODELS) || !files.containsKey(model)) {
            problems.add(field + ": '" + EntryNames.show(model) + "' is not a model file of the bundle (expected "
                    + BundleFormat.MODELS + "NAME.onnx listed in files)");
            return;
        }
        used.add(model);
    }
}
