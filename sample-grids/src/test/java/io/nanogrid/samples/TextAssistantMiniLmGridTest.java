package io.nanogrid.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.engine.testing.MiniLm;
import io.nanogrid.files.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed encoder grid (heads, router, grid file) without its encoder, which is built, not committed:
 * refused with what is missing; and with all-MiniLM-L6-v2 from its Maven Central artifact put where the
 * built encoder goes (the float model: the heads were trained on its int8 form, cosine 0.99 to it), each
 * route's request reaches its head and the encoder is timed as a stage of its own.
 */
class TextAssistantMiniLmGridTest {
    static final Path SAMPLE = Path.of("text-assistant-minilm");

    @TempDir
    Path dir;

    private Path copyWithoutEncoder() throws IOException {
        try (Stream<Path> files = Files.walk(SAMPLE)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path rel = SAMPLE.relativize(p);
                if (rel.startsWith("encoder")) {
                    continue;
                }
                Path to = dir.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir.resolve("grid.json");
    }

    @Test
    void withoutItsEncoderTheGridSaysWhatIsMissing() throws IOException {
        Path grid = copyWithoutEncoder();
        BadInputException e = assertThrows(BadInputException.class, () -> Grid.open(grid, new OrtRuntime()));
        assertTrue(e.getMessage().contains("shared encoder") && e.getMessage().contains("minilm-int8.onnx")
                && e.getMessage().contains("is missing"), e.getMessage());
    }

    @Test
    void eachRouteReachesItsHeadThroughTheSharedEncoder() throws IOException {
        Path gridFile = copyWithoutEncoder();
        Files.createDirectories(dir.resolve("encoder"));
        Files.copy(MiniLm.model(), dir.resolve("encoder/minilm-int8.onnx"));
        Files.copy(MiniLm.tokenizer(), dir.resolve("encoder/tokenizer.json"));
        try (Grid grid = Grid.open(gridFile, new OrtRuntime())) {
            assertAnswer(grid, "Je voudrais réserver une table pour ce soir", "langid", "fr");
            assertAnswer(grid, "An absorbing and unsettling psychological drama, beautifully acted.", "sentiment",
                    "1");
            assertAnswer(grid, "WIN a FREE prize, text 80086 now to claim", "spam", "spam");
            assertAnswer(grid, "Oil prices jump after OPEC cuts output, Reuters reports", "topic", "Business");
            assertAnswer(grid, "play some jazz on spotify", "intent", "PlayMusic");
            GridResponse r = grid.route(new TextRequest("play some jazz on spotify"));
            assertTrue(r.timings().encoder() > 0, r.timings().toString());
        }
    }

    private static void assertAnswer(Grid grid, String text, String route, String label) {
        GridResponse r = grid.route(new TextRequest(text));
        assertNull(r.error(), text + " -> " + r);
        assertEquals(route, r.route(), text + " -> " + r);
        assertEquals(label, ((LabelAnswer) r.result()).label(), text);
    }
}
