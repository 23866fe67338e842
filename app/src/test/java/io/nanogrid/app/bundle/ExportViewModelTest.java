package io.nanogrid.app.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.document.GridDocument;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.tools.NanogridCommand;
import io.nanogrid.engine.model.LazyModelLoader;
import io.nanogrid.engine.ort.OrtRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File > Export bundle... without a stage: the same bytes as `nanogrid export` with the same bits
 * profile, the verification `nanogrid verify` runs, refusals for an unsaved grid, no replacing a file
 * unasked, and a cancelled export that writes nothing.
 */
class ExportViewModelTest {
    @TempDir
    Path dir;

    private static TaskRunner runner() {
        return new TaskRunner(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "export-test");
            t.setDaemon(true);
            return t;
        }));
    }

    @Test
    void theWorkbenchWritesTheSameBytesAsTheCommandAndVerifiesThem() throws Exception {
        Path grid = Workbenches.threeModelGrid(dir);
        Path profile = Files.writeString(dir.resolve("bits.json"), "{\"router\": 8, \"greeting\": 4}");
        Path byCli = dir.resolve("cli.ngrid");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.execute(new NanogridCommand(), new String[] {"export", grid.toString(), "-o", byCli.toString(),
            "--bits-profile", profile.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, out + "\n" + err);

        Path byApp = dir.resolve("app.ngrid");
        // the workbench's loader starts ONNX Runtime on first use; it still records the runtime's version
        ExportViewModel vm = Fx.call(() -> new ExportViewModel(GridDocument.open(grid),
                new LazyModelLoader(OrtRuntime::new), runner()));
        assertNull(vm.problem());
        assertEquals(List.of("router", "greeting", "weather"), vm.nodes());
        Path suggested = Fx.call(() -> vm.output().get());
        assertTrue(suggested.getParent().equals(grid.getParent()) && suggested.toString().endsWith(".ngrid"),
                "beside the grid: " + suggested);
        Fx.run(() -> {
            vm.bits("router").set("8");
            vm.bits("greeting").set("4");
            vm.output().set(byApp);
            vm.export(false);
        });
        Fx.waitUntil(() -> !vm.running().get() && (vm.result().get() != null || vm.error().get() != null),
                "the export and its verification finish", 120);
        assertNull(Fx.call(() -> vm.error().get()));
        ExportViewModel.Result r = Fx.call(() -> vm.result().get());
        assertArrayEquals(sha256(byCli), sha256(byApp), "the same bytes as nanogrid export");
        assertEquals(-1, Files.mismatch(byCli, byApp));
        assertEquals(HexFormat.of().formatHex(sha256(byApp)), r.export().sha256());
        assertEquals(Files.size(byApp), r.export().bytes());
        assertEquals(Map.of("router", "8", "greeting", "4", "weather", "float"), r.verify().target().bits());
        assertEquals(3, r.verify().models().size(), "every model loaded by verify");
        assertEquals(Files.size(byApp), r.verify().archiveBytes());
        String summary = ExportViewModel.summary(r);
        assertTrue(summary.contains(String.format("%,d bytes", Files.size(byApp))) && summary.contains("Verified"),
                summary);
    }

    @Test
    void anUnsavedOrUntitledGridIsRefusedWithTheReason() {
        Path grid = Workbenches.threeModelGrid(dir);
        ExportViewModel untitled = Fx.call(() -> new ExportViewModel(GridDocument.empty(), new OrtRuntime(),
                runner()));
        assertEquals("Save the grid first: the bundle is made from the saved grid file.", untitled.problem());
        assertFalse(Fx.call(() -> untitled.canExport().get()));

        GridDocument doc = GridDocument.open(grid);
        Fx.run(() -> doc.apply("Threshold", s -> s.withRouter(s.router().withThreshold(0.9))));
        ExportViewModel dirty = Fx.call(() -> new ExportViewModel(doc, new OrtRuntime(), runner()));
        assertTrue(dirty.problem().startsWith("The grid has unsaved changes"), dirty.problem());
        Fx.run(() -> {
            dirty.output().set(dir.resolve("x.ngrid"));
            dirty.export(true);
        });
        assertEquals(dirty.problem(), Fx.call(() -> dirty.error().get()));
        assertFalse(Files.exists(dir.resolve("x.ngrid")));
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAgreedAndACancelledExportWritesNothing() throws Exception {
        Path grid = Workbenches.threeModelGrid(dir);
        Path there = Files.writeString(dir.resolve("there.ngrid"), "keep me");
        List<Runnable> queued = new ArrayList<>();
        ExportViewModel vm = Fx.call(() -> new ExportViewModel(GridDocument.open(grid), new OrtRuntime(),
                new TaskRunner(queued::add)));
        Fx.run(() -> {
            vm.output().set(there);
            vm.export(false);
        });
        assertEquals("there.ngrid exists: confirm to replace it, or choose another file.",
                Fx.call(() -> vm.error().get()));
        assertTrue(queued.isEmpty(), "nothing started");
        assertEquals("keep me", Files.readString(there));

        // agreed, then cancelled before the work ran: the old file stays as it was
        Fx.run(() -> {
            vm.export(true);
            vm.cancel();
        });
        assertEquals(1, queued.size());
        queued.get(0).run();
        assertEquals("keep me", Files.readString(there));
        assertFalse(Fx.call(() -> vm.running().get()));
        assertEquals("Cancelled: there.ngrid was not written.", Fx.call(() -> vm.message().get()));

        // agreed and run: replaced by a verified bundle
        queued.clear();
        Fx.run(() -> vm.export(true));
        queued.get(0).run();
        Fx.waitUntil(() -> vm.result().get() != null || vm.error().get() != null, "exported", 120);
        assertNotNull(Fx.call(() -> vm.result().get()), () -> Fx.call(() -> vm.error().get()));
        assertTrue(Files.size(there) > 1000);
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
