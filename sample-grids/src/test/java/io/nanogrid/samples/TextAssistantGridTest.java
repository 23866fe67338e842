package io.nanogrid.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed sample grid works on a fresh clone: no data needed, the models are in the repository. */
class TextAssistantGridTest {
    static final Path GRID = Path.of("text-assistant", "grid.json");
    private static Grid grid;

    @BeforeAll
    static void open() {
        grid = Grid.open(GRID, new OrtRuntime());
        assertTrue(grid.warnings().isEmpty(), grid.warnings().toString());
    }

    @AfterAll
    static void close() {
        grid.close();
    }

    private static GridResponse ask(String text) {
        return grid.route(new TextRequest(text));
    }

    private static void assertAnswer(String text, String route, String label) {
        GridResponse r = ask(text);
        assertEquals(route, r.route(), text + " -> " + r);
        assertNull(r.error());
        if (label != null) {
            assertEquals(label, ((LabelAnswer) r.result()).label(), text);
        }
    }

    @Test
    void routesTheRequestsOfEachTaskToTheirExpert() {
        assertAnswer("Je voudrais réserver une table", "langid", "fr");
        assertAnswer("An absorbing and unsettling psychological drama, beautifully acted.", "sentiment", "1");
        assertAnswer("WIN a FREE prize, text 80086 now", "spam", "spam");
        assertAnswer("Oil prices jump after OPEC cuts output, Reuters reports", "topic", "Business");
        assertAnswer("play some jazz on spotify", "intent", "PlayMusic");
        assertAnswer("Wie wird das Wetter morgen in Berlin?", "langid", "de");
    }

    @Test
    void answersNotSureBelowTheThreshold() {
        GridResponse r = ask("Permission is hereby granted, free of charge, to any person obtaining a copy of this "
                + "software");
        assertEquals("fallback", r.route(), r.toString());
        assertNull(r.result());
        assertTrue(r.fallback());
        assertTrue(r.confidence() < grid.spec().router().threshold());
    }
}
