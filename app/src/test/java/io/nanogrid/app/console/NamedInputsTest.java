package io.nanogrid.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.LabelsSpec;
import io.nanogrid.engine.grid.TensorSpec;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console sends a request of several named inputs, a file each: a real model with two float inputs
 * (softmax of their sum: the answer needs both) and one with a float and a string input (text file).
 */
class NamedInputsTest extends ViewModelTest {
    @Test
    void twoNpyFilesOneForEachInput() throws Exception {
        GraphBuilder g = new GraphBuilder("two-inputs");
        g.input("a", ElementType.FLOAT, 1, 3);
        g.input("b", ElementType.FLOAT, 1, 3);
        g.node("Add", List.of("a", "b"), List.of("sum"));
        g.node("Softmax", List.of("sum"), List.of("p"), Map.of("axis", -1));
        g.output("p", ElementType.FLOAT, 1, 3);
        open(g, "two");
        ConsoleViewModel console = vm.console();
        assertEquals(List.of("a", "b"), Fx.call(() -> console.namedInputs().stream().map(TensorDesc::name).toList()));
        assertTrue(Fx.call(() -> console.takesNamedInputs().get()));

        Path a = npy(dir.resolve("a.npy"), 1, 0, 0);
        Path b = npy(dir.resolve("b.npy"), 0, 0, 5);
        Fx.run(() -> console.sendInputs(Map.of("a", a)));
        assertEquals("input 'b' (float [1, 3]): choose a file", Fx.call(() -> console.error().get()));
        Fx.run(() -> console.sendInputs(Map.of("a", a, "b", b, "c", b)));
        assertTrue(Fx.call(() -> console.error().get()).startsWith("input 'c': the model has no such input"));

        Fx.run(() -> console.sendInputs(Map.of("a", a, "b", b)));
        ConsoleViewModel.Entry e = answered(console);
        assertEquals("inputs a=a.npy, b=b.npy", e.request());
        assertTrue(e.answer().startsWith("far "), "argmax of a + b is the third label: " + e);
        Path a2 = npy(dir.resolve("a2.npy"), 9, 0, 0);
        Fx.run(() -> console.sendInputs(Map.of("a", a2, "b", b)));
        assertTrue(answered(console).answer().startsWith("near "), "a counts too");
    }

    @Test
    void aTextFileForAStringInput() throws Exception {
        GraphBuilder g = new GraphBuilder("float-and-string");
        g.input("x", ElementType.FLOAT, 1, 3);
        g.input("s", ElementType.STRING, 1);
        g.node("Softmax", List.of("x"), List.of("p"), Map.of("axis", -1));
        g.node("Identity", List.of("s"), List.of("echo"));
        g.output("p", ElementType.FLOAT, 1, 3);
        g.output("echo", ElementType.STRING, 1);
        open(g, "mixed");
        ConsoleViewModel console = vm.console();
        Path text = Files.writeString(dir.resolve("s.txt"), "hello there\n");
        Path x = npy(dir.resolve("x.npy"), 0, 7, 0);
        Fx.run(() -> console.sendInputs(Map.of("x", text, "s", text)));
        assertTrue(Fx.call(() -> console.error().get()).startsWith("input 'x' is float [1, 3]: give a .npy file"));
        Fx.run(() -> console.sendInputs(Map.of("x", x, "s", text)));
        ConsoleViewModel.Entry e = answered(console);
        assertEquals("inputs x=x.npy, s=s.txt", e.request());
        assertTrue(e.answer().startsWith("mid "), e.toString());
    }

    private void open(GraphBuilder g, String id) {
        TestModels.write(g.build(), dir.resolve(id + ".onnx"));
        GridSpec spec = new GridSpec(GridSpec.FORMAT_VERSION, id, null, null, List.of(new ExpertSpec(id,
                id + ".onnx", new TensorSpec(null), new LabelsSpec(List.of("near", "mid", "far"), "probabilities",
                "p"), null)), null, null);
        Path grid = dir.resolve(id + ".json");
        GridFiles.write(spec, grid);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(grid)));
        Fx.waitUntil(() -> vm.session().gridProperty().get() != null, "the grid runs", 60);
    }

    private static ConsoleViewModel.Entry answered(ConsoleViewModel console) {
        int before = Fx.call(() -> console.history().size());
        Fx.waitUntil(() -> console.history().size() > before || console.error().get() != null
                || !console.busy().get() && console.history().size() > 0, "answered", 60);
        Fx.waitUntil(() -> !console.busy().get(), "answered", 60);
        assertNull(Fx.call(() -> console.error().get()));
        return Fx.call(() -> console.history().get(0));
    }

    /** A float32 .npy of shape [1, n]. */
    private static Path npy(Path file, float... values) throws Exception {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, " + values.length + "), }";
        int pad = 64 - (10 + header.length() + 1) % 64;
        header = header + " ".repeat(pad % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xFF);
        out.write(header.length() >> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        out.write(data.array());
        return Files.write(file, out.toByteArray());
    }
}
