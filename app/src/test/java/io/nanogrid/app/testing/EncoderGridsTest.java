package io.nanogrid.app.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI tests' encoder grid is a working one: the encoder runs as its own stage and the heads answer. */
class EncoderGridsTest {
    @TempDir
    Path dir;

    @Test
    void theTinyEncoderGridRoutesThroughItsEncoder() {
        Path file = EncoderGrids.weatherAndMusic(dir);
        try (Grid grid = Grid.open(file, new OrtRuntime())) {
            assertEquals(TinyEncoder.DIMENSIONS, grid.encoderDimensions());
            GridResponse r = grid.route(new TextRequest("will it rain in Oslo tomorrow"));
            assertEquals("weather", r.route(), r.toString());
            assertTrue(r.timings().encoder() > 0, r.toString());
            assertEquals("music", grid.route(new TextRequest("play some jazz music")).route());
        }
    }
}
