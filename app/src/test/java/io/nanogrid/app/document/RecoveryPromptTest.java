package io.nanogrid.app.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.grid.NodePosition;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The crash-recovery prompt: changes the user discarded are not offered at the next start, and the prompt says
 * when the changes were made as people say it, not as an ISO instant. Fixed instants, no wall clock.
 */
class RecoveryPromptTest extends ViewModelTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void whenReadsLikeADayAndATime() {
        Instant now = Instant.parse("2026-12-07T10:30:00Z");
        assertEquals("today at 10:12", Recovery.when(Instant.parse("2026-12-07T09:12:33.123Z"), now, BERLIN));
        assertEquals("yesterday at 23:59", Recovery.when(Instant.parse("2026-12-06T22:59:00Z"), now, BERLIN));
        assertEquals("today at 00:01", Recovery.when(Instant.parse("2026-12-06T23:01:00Z"), now, BERLIN),
                "the day is the user's, not UTC's");
        assertEquals("on 5 Dec 2026 at 19:40", Recovery.when(Instant.parse("2026-12-05T18:40:00Z"), now, BERLIN));
    }

    @Test
    void anUntitledGridDiscardedIsNotOfferedAtTheNextStart() {
        Path grid = Workbenches.threeModelGrid(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        // an untitled grid with an edit, autosaved: what a crash would leave behind
        Fx.run(() -> {
            vm.newGrid();
            vm.document().apply("Move", s -> s.withLayout(Map.of("fallback", new NodePosition(10, 10))));
            vm.autosave();
        });
        assertEquals(1, (int) Fx.call(() -> vm.pendingRecovery().size()), "autosaved");
        // the user opens another grid and answers "Don't Save": the untitled changes are gone on purpose
        assertTrue(Fx.call(() -> vm.open(grid)));
        assertEquals(0, (int) Fx.call(() -> vm.pendingRecovery().size()), "nothing to offer at the next start");
    }
}
