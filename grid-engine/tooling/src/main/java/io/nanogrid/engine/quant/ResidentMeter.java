package io.nanogrid.engine.quant;

import io.nanogrid.engine.features.InputAdapter;
import io.nanogrid.engine.features.InputAdapters;
import io.nanogrid.engine.features.SampleRequests;
import io.nanogrid.engine.grid.InputSpec;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelLoader;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.runtime.ProcessStats;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Resident bytes a loaded model costs, measured: the process's RSS grows by this much for each
 * further copy loaded and run once (the first copy is not counted, so the runtime library itself
 * is not). Several copies are loaded so that small models rise above the page-size noise; the
 * figure includes the session's own overhead, which is part of what a model costs on a device.
 * Each copy runs once on a sample request shaped by the model's input adapter (so that buffers
 * made at the first run are counted); a model that cannot run on a sample is measured loaded only.
 *
 * <p>Each measurement runs in a fresh process ({@link ResidentProbe}): memory that a process freed
 * (models loaded and closed before) is reused by later allocations without growing the resident
 * set, which would make the model measured second look smaller than it is. If no process can be
 * started, it measures in this process and says so on the progress line.
 */
public final class ResidentMeter {
    /** Aim for this many bytes of model files in total across the copies. */
    private static final long TARGET_BYTES = 48L << 20;
    private static final int MIN_COPIES = 4;
    private static final int MAX_COPIES = 24;

    private final ModelLoader loader;
    private final boolean freshProcess;

    public ResidentMeter(ModelLoader loader) {
        this(loader, true);
    }

    /** @param freshProcess measure in a new process (true unless this is that process) */
    public ResidentMeter(ModelLoader loader, boolean freshProcess) {
        this.loader = loader;
        this.freshProcess = freshProcess;
    }

    /** Resident bytes per loaded copy of the model file (its external data counted). */
    public long measure(Path model, Progress progress) {
        int copies = copies(model);
        if (freshProcess) {
            StringBuilder why = new StringBuilder();
            Long measured = inFreshProcess(model, copies, why);
            if (measured != null) {
                return measured;
            }
            progress.update(0, -1, "the memory probe process failed (" + why + "); measuring in this process, "
                    + "less exactly");
        }
        return measure(model, copies, progress);
    }

    private static Long inFreshProcess(Path model, int copies, StringBuilder why) {
        List<String> cmd = new ArrayList<>();
        // the runtime's own java (an installed app's launcher is not a java command)
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        cmd.add(Files.isExecutable(java) ? java.toString() : ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("onnxruntime."))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ResidentProbe.class.getName());
        cmd.add(model.toAbsolutePath().toString());
        cmd.add(Integer.toString(copies));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int exit = p.waitFor();
            if (exit != 0 || out.isEmpty()) {
                why.append("exit code ").append(exit);
                return null;
            }
            String[] lines = out.split("\\R");
            return Long.parseLong(lines[lines.length - 1].strip());
        } catch (IOException | NumberFormatException e) {
            why.append(e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Measures in this process with {@code copies} copies (the first not counted). */
    long measure(Path model, int copies, Progress progress) {
        List<Model> models = new ArrayList<>();
        try {
            Model first = loader.load(model);
            models.add(first);
            Map<String, Value> sample = sample(first, model);
            ProcessStats.settle();
            long rss0 = ProcessStats.rssBytes();
            for (int i = 1; i < copies; i++) {
                progress.checkCancelled();
                Model m = loader.load(model);
                models.add(m);
                if (sample != null) {
                    m.run(sample);
                }
            }
            ProcessStats.settle();
            long rss1 = ProcessStats.rssBytes();
            return rss0 < 0 || rss1 < 0 ? -1 : Math.max(0, (rss1 - rss0) / (copies - 1));
        } finally {
            models.forEach(Model::close);
        }
    }

    /** Inputs for one run, or null when a sample request does not run. */
    private static Map<String, Value> sample(Model first, Path file) {
        try {
            InputSpec spec = InputAdapters.resolve(null, first.signature(), "model");
            InputAdapter adapter = InputAdapters.bind(spec, first.signature(), file.toString());
            Map<String, Value> inputs = adapter.apply(SampleRequests.make(spec, first.signature(), 1, 1).get(0));
            first.run(inputs);
            return inputs;
        } catch (RuntimeException e) {
            return null;
        }
    }

    static int copies(Path model) {
        long bytes = fileBytes(model);
        long n = bytes > 0 ? TARGET_BYTES / bytes : MAX_COPIES;
        return (int) Math.max(MIN_COPIES, Math.min(MAX_COPIES, n)) + 1;
    }

    /** The model file's bytes plus those of the external data files beside it that it names. */
    public static long fileBytes(Path model) {
        try {
            long total = Files.size(model);
            String prefix = model.getFileName() + ".";
            try (var siblings = Files.list(model.toAbsolutePath().getParent())) {
                total += siblings.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".data")).mapToLong(p -> {
                            try {
                                return Files.size(p);
                            } catch (IOException e) {
                                return 0;
                            }
                        }).sum();
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model + ": " + IoReasons.of(e), e);
        }
    }
}
