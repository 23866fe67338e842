package io.nanogrid.engine.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Model;
import io.nanogrid.engine.model.ModelClosedException;
import io.nanogrid.engine.model.ModelInputException;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.runtime.ProcessStats;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.files.BadInputException;
import io.nanogrid.onnx.ElementType;
import io.nanogrid.onnx.GraphBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtRuntimeTest {
    private final OrtRuntime ort = new OrtRuntime();

    @TempDir
    Path dir;

    private Path keywords() {
        return TestModels.write(TestModels.keywordClassifier(List.of("a", "b"), Map.of("a", List.of("x"))),
                dir.resolve("k.onnx"));
    }

    @Test
    void runsAModelAndReportsItsSignature() {
        try (Model m = ort.load(keywords())) {
            assertEquals("int64 [1, n]", m.signature().inputs().get(0).describe());
            assertEquals("float [1, 2]", m.signature().outputs().get(0).describe());
            assertTrue(m.signature().metadata().containsKey("nanogrid.input"));
            Map<String, Value> out = m.run(Map.of("ids", new LongTensor(new long[] {1, 2}, new long[] {1, 2})));
            FloatTensor p = (FloatTensor) out.get("probabilities");
            assertEquals(1.0, p.values()[0] + p.values()[1], 1e-5);
        }
    }

    @Test
    void aHundredLoadedModelsAddNoThread() {
        Path file = keywords();
        List<Model> models = new ArrayList<>();
        try (Model first = ort.load(file)) {
            first.run(Map.of("ids", new LongTensor(new long[] {1, 1}, new long[] {3})));
            long before = ProcessStats.threads();
            for (int i = 0; i < 100; i++) {
                Model m = ort.load(file);
                models.add(m);
                m.run(Map.of("ids", new LongTensor(new long[] {1, 1}, new long[] {3})));
            }
            long after = ProcessStats.threads();
            if (before >= 0) {
                assertTrue(after - before < 5, "threads before " + before + ", after 100 sessions " + after);
            }
        } finally {
            models.forEach(Model::close);
        }
    }

    @Test
    void inputsThatDoNotFitAreRefusedWithWhatWasExpected() {
        try (Model m = ort.load(keywords())) {
            ModelInputException shape = assertThrows(ModelInputException.class,
                    () -> m.run(Map.of("ids", new LongTensor(new long[] {2, 1}, new long[] {1, 2}))));
            assertTrue(shape.getMessage().contains("expects shape int64 [1, n], got [2, 1]"), shape.getMessage());
            ModelInputException type = assertThrows(ModelInputException.class,
                    () -> m.run(Map.of("ids", new StringTensor(new long[] {1, 1}, new String[] {"x"}))));
            assertTrue(type.getMessage().contains("expects int64"), type.getMessage());
            ModelInputException name = assertThrows(ModelInputException.class,
                    () -> m.run(Map.of("tokens", new LongTensor(new long[] {1, 1}, new long[] {1}))));
            assertTrue(name.getMessage().contains("unknown input 'tokens'; expected ids"), name.getMessage());
            assertThrows(ModelInputException.class, () -> m.run(Map.of()));
        }
    }

    @Test
    void aClosedModelRefusesToRunInsteadOfCrashingTheJvm() {
        Model m = ort.load(keywords());
        m.close();
        m.close();
        assertThrows(ModelClosedException.class,
                () -> m.run(Map.of("ids", new LongTensor(new long[] {1, 1}, new long[] {1}))));
    }

    /**
     * Closing a model while other threads run it, back to back, many times: no run may find its
     * session freed (a SIGSEGV that kills the JVM, seen once in a hot-swap test under load) and every
     * answer must be one of the two models' own. Half the runs go through the watchdog's pooled
     * RunOptions. It passes by not crashing and by right answers; no timing decides it.
     */
    @Test
    void closingUnderConcurrentRunsNeverFreesASessionUnderARun() throws Exception {
        Path a = TestModels.write(TestModels.keywordClassifier(List.of("a", "b"), Map.of("a", List.of("x"))),
                dir.resolve("a.onnx"));
        Path b = TestModels.write(TestModels.keywordClassifier(List.of("a", "b"), Map.of("b", List.of("x", "y"))),
                dir.resolve("b.onnx"));
        Map<String, Value> in = Map.of("ids", new LongTensor(new long[] {1, 3}, new long[] {1, 2, 3}));
        List<float[]> answers = new ArrayList<>();
        for (Path p : List.of(a, b)) {
            try (Model m = ort.load(p)) {
                answers.add(((FloatTensor) m.run(in).get("probabilities")).values());
            }
        }
        AtomicReference<Model> current = new AtomicReference<>(ort.load(a));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long limit = t % 2 == 0 ? 0 : 60_000;
            Thread w = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        float[] p;
                        try {
                            p = ((FloatTensor) current.get().run(in, limit).get("probabilities")).values();
                        } catch (ModelClosedException swapped) {
                            continue;
                        }
                        answered.incrementAndGet();
                        if (!Arrays.equals(p, answers.get(0)) && !Arrays.equals(p, answers.get(1))) {
                            wrong.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(w);
            w.start();
        }
        try {
            for (int swap = 0; swap < 150; swap++) {
                current.getAndSet(ort.load(swap % 2 == 0 ? b : a)).close();
            }
        } finally {
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
            current.get().close();
        }
        assertNull(failure.get(), () -> "a run failed: " + failure.get());
        assertEquals(0, wrong.get(), "answers from neither model");
        assertTrue(answered.get() > 0);
    }

    @Test
    void unknownOperatorsAndDomainsAreRefusedNamingTheFile() {
        for (String domain : List.of("", "com.example.nowhere")) {
            GraphBuilder g = new GraphBuilder("bad");
            if (!domain.isEmpty()) {
                g.opset(domain, 1);
            }
            g.input("x", ElementType.FLOAT, 1, 4);
            g.node(domain, "NoSuchOperator", List.of("x"), List.of("y"), Map.of());
            g.output("y", ElementType.FLOAT, 1, 4);
            Path file = TestModels.write(g.build(), dir.resolve("unknown-op.onnx"));
            BadInputException e = assertThrows(BadInputException.class, () -> ort.load(file));
            assertTrue(e.getMessage().startsWith("cannot load " + file + ": ONNX Runtime refused it: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("NoSuchOperator"), e.getMessage());
        }
    }

    @Test
    void badBytesAreRefusedWithoutKillingTheJvm() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> ort.load(new byte[] {8, 1, 18, 3, 1, 2}, "garbage.onnx"));
        assertEquals("cannot load garbage.onnx: not a valid ONNX model (truncated or corrupt protobuf)", e.getMessage());
        assertThrows(BadInputException.class, () -> ort.load(new byte[0], "empty.onnx"));
    }
}
