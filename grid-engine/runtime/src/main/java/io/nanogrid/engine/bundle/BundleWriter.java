package io.nanogrid.engine.bundle;

import io.nanogrid.engine.grid.EmbeddingSpec;
import io.nanogrid.engine.grid.EncoderSpec;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.GridValidator;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.grid.TokenizerSpec;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a grid as one deterministic zip (.ngrid): manifest.json first, then grid.json, then
 * models/NODE.onnx in name order. A grid whose models would not load or fit their adapters is
 * refused here rather than on the device. The same grid gives the same bytes.
 *
 * <p>The bits profile is recorded in the manifest's target profile; quantizing at export is left to
 * the quantizer (TargetProfile.quantized stays false until then).
 */
public final class BundleWriter {
    private final ModelLoader loader;
    private final String onnxRuntimeVersion;

    /** A writer that records the version of the runtime behind {@code loader}: `nanogrid export` and the workbench. */
    public BundleWriter(ModelLoader loader) {
        this(loader, loader.runtimeVersion());
    }

    /** @param onnxRuntimeVersion the version of the runtime behind {@code loader}, recorded in the manifest */
    public BundleWriter(ModelLoader loader, String onnxRuntimeVersion) {
        this.loader = loader;
        this.onnxRuntimeVersion = onnxRuntimeVersion;
    }

    /**
     * Every expert answers a request shaped from its inputs before anything is written: a grid whose models
     * load but cannot answer (an adapter that does not fit) would pass verify and then refuse every request.
     */
    private void probe(GridSpec grid, Path dir) {
        GridValidator.checkRunnable(grid, "the grid");
        try (Grid g = Grid.open(grid, dir, loader)) {
            if (!g.warnings().isEmpty()) {
                throw new BadInputException("cannot export: " + g.warnings().get(0));
            }
            List<String> failures = g.probeExperts(1);
            if (!failures.isEmpty()) {
                throw new BadInputException("cannot export: " + failures.get(0));
            }
        }
    }

    public ExportReport export(Path gridFile, Path out, BitsProfile profile, Progress progress) {
        GridSpec grid = GridFiles.read(gridFile);
        List<String> nodes = new ArrayList<>();
        if (grid.encoder() != null) {
            nodes.add(GridSpec.ENCODER_NODE);
        }
        if (grid.router() != null) {
            nodes.add(GridSpec.ROUTER_NODE);
        }
        grid.experts().forEach(e -> nodes.add(e.id()));
        profile.checkNodes(nodes);
        if (Files.isDirectory(out)) {
            throw new BadInputException("cannot write bundle " + out + ": it is a folder; give a file name such as "
                    + "grid.ngrid");
        }
        int steps = nodes.size() + 1;
        ModelPacker packer = new ModelPacker(loader, gridFile.toAbsolutePath().getParent(), profile);
        EncoderSpec encoder = grid.encoder();
        if (encoder != null) {
            step(progress, 0, steps, "checking the encoder (" + encoder.model() + ")");
            ModelPacker.Packed p = packer.pack(GridSpec.ENCODER_NODE, encoder.model(), encoder.input(),
                    encoder.output());
            encoder = new EncoderSpec(p.path(), (TokenizerSpec) p.input(), (EmbeddingSpec) p.output());
        }
        RouterSpec router = grid.router();
        if (router != null) {
            step(progress, 0, steps, "checking the router (" + router.model() + ")");
            ModelPacker.Packed p = packer.pack(GridSpec.ROUTER_NODE, router.model(), router.input(),
                    new LabelsSpec(router.routes(), router.scores(), router.modelOutput()));
            router = new RouterSpec(p.path(), p.input(), router.routes(), router.scores(), router.modelOutput(),
                    router.threshold(), router.fallback());
        }
        List<ExpertSpec> experts = new ArrayList<>();
        for (ExpertSpec e : grid.experts()) {
            step(progress, experts.size() + (router != null ? 1 : 0), steps, "checking expert '" + e.id() + "' ("
                    + e.model() + ")");
            ModelPacker.Packed p = packer.pack(e.id(), e.model(), e.input(), e.output());
            // the expert's labelled data is the workbench's, not the device's: it stays out of the bundle
            experts.add(new ExpertSpec(e.id(), p.path(), p.input(), p.output(), e.timeoutMs(), e.threshold(), null));
        }
        GridSpec bundled = new GridSpec(GridSpec.FORMAT_VERSION, grid.name(), grid.description(), router, experts,
                grid.resilience(), grid.layout(), encoder);
        GridValidator.validate(bundled, BundleFormat.GRID);
        probe(grid, gridFile.toAbsolutePath().getParent());

        Map<String, byte[]> files = new TreeMap<>(packer.files());
        files.put(BundleFormat.GRID, BundleJson.bytes(bundled));
        List<BundleFile> listed = new ArrayList<>();
        files.forEach((path, bytes) -> listed.add(new BundleFile(path, Hashes.sha256(bytes), bytes.length)));
        Map<String, String> bits = new TreeMap<>();
        nodes.forEach(n -> bits.put(n, profile.of(n)));
        List<BundleModel> models = packer.models();
        TargetProfile target = new TargetProfile(bits, false,
                models.stream().mapToLong(BundleModel::estimatedBytes).sum(), BundleFormat.MIN_RUNTIME_VERSION,
                onnxRuntimeVersion, maxOpsets(models));
        BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT_VERSION, BundleFormat.creator(), bundled,
                listed, models, target);

        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(BundleFormat.MANIFEST, BundleJson.bytes(manifest));
        entries.putAll(files);
        step(progress, steps - 1, steps, "writing " + out);
        AtomicFiles.write(out, os -> BundleZip.write(os, entries));
        progress.update(steps, steps, "wrote " + out);
        byte[] written;
        try {
            written = Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + out + ": " + IoReasons.of(e), e);
        }
        return new ExportReport(out.toString(), written.length, Hashes.sha256(written), entries.size(),
                models.stream().map(BundleModel::path).toList(),
                packer.files().values().stream().mapToLong(b -> b.length).sum(), target.memoryEstimateBytes(), bits,
                false);
    }

    private static void step(Progress progress, int done, int total, String message) {
        progress.update(done, total, message);
        progress.checkCancelled();
    }

    private static Map<String, Long> maxOpsets(List<BundleModel> models) {
        Map<String, Long> max = new TreeMap<>();
        models.forEach(m -> m.opsets().forEach((domain, v) -> max.merge(domain, v, Math::max)));
        return max;
    }
}
