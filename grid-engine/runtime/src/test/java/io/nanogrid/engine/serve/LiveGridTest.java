package io.nanogrid.engine.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.runtime.GridResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases: a swapped-out generation keeps serving the requests that hold it, and closes after the last one. */
class LiveGridTest {
    @TempDir
    Path dir;

    @Test
    void theOldGenerationClosesWhenItsLastLeaseIsReturned() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        Deployer deployer = new Deployer(ServeFixtures.RUNTIME, BundleLimits.defaults(), work);
        Generation first = deployer.deploy(ServeFixtures.bundle(dir, "v1"));
        LiveGrid live = new LiveGrid(first);
        LiveGrid.Lease inFlight = live.acquire();
        assertEquals(2, first.leases());

        Generation second = deployer.deploy(ServeFixtures.flippedBundle(dir, "v2"));
        live.swap(second);
        assertEquals(1, first.leases(), "only the request's lease is left");
        assertTrue(Files.isDirectory(work.resolve("grid-1")), "still open for the request in flight");
        GridResponse old = inFlight.generation().grid().route(new TextRequest("hello"));
        assertNull(old.error(), String.valueOf(old.error()));
        assertEquals("hello", ((LabelAnswer) old.result()).label(), "answered by the old generation");
        try (LiveGrid.Lease now = live.acquire()) {
            assertEquals(2, now.generation().number());
            assertEquals("bye", ((LabelAnswer) now.generation().grid().route(new TextRequest("hello")).result())
                    .label());
        }

        inFlight.close();
        inFlight.close(); // a second close is a no-op, not a second release
        assertEquals(0, first.leases());
        assertFalse(Files.exists(work.resolve("grid-1")), "closed and deleted with its last lease");
        assertFalse(first.retain(), "a retired generation hands out no lease");

        live.close();
        assertFalse(Files.exists(work.resolve("grid-2")));
        assertThrows(IllegalStateException.class, live::acquire);
    }
}
