package io.nanogrid.app.routerlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.EncoderGrids;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.engine.testing.ImageParts;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.runtime.GridResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * New router on grids of other kinds than hashed text: two image experts made from nothing in the workbench (each
 * expert's labelled data a folder of images by class; a dense router on the pixels, as `nanogrid router train`
 * trains one), and two heads on a shared encoder whose router was deleted (a new router trained as a head on the
 * encoder's embedding). Each applied, and a request routed by the grid.
 */
class NewRouterKindsTest extends ViewModelTest {
    @Test
    void imageExpertsGetARouterFromTheirImageFolders() throws Exception {
        ImageParts.Parts parts = ImageParts.write(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        Fx.run(() -> {
            vm.newGrid();
            vm.designer().importModel(parts.stripesModel(), 460, 40);
        });
        Fx.waitUntil(() -> vm.document().spec().experts().size() == 1, "stripes is imported", 60);
        Fx.run(() -> vm.designer().importModel(parts.brightnessModel(), 460, 40));
        Fx.waitUntil(() -> vm.document().spec().experts().size() == 2, "brightness is imported", 60);
        Path grid = dir.resolve("shapes/grid.json");
        Fx.run(() -> assertTrue(vm.saveAs(grid), String.valueOf(vm.error().get())));
        Fx.run(() -> {
            vm.labData().choose("stripes", parts.stripesData());
            vm.labData().choose("brightness", parts.brightnessData());
        });
        Fx.waitUntil(() -> vm.labData().ready().get(), "both image folders are recorded: "
                + Fx.call(() -> vm.labData().message().get()), 60);
        assertEquals(DataSource.imageFolders("../stripes-data"), Fx.call(() -> vm.document().spec().expert("stripes")
                .orElseThrow().data().train()));

        Fx.run(vm.routerLab()::newRouter);
        Fx.waitUntil(() -> vm.routerLab().candidate().get() != null && !vm.routerLab().busy().get()
                || vm.routerLab().message().get().startsWith("Failed"), "a router is trained", 300);
        String message = Fx.call(() -> vm.routerLab().message().get());
        assertTrue(vm.routerLab().candidate().get() != null, message);
        assertTrue(Fx.call(() -> vm.routerLab().report().get().accuracy()) >= 0.95, message);
        // no router in the grid yet: nothing to test, and the lab says what to do rather than "load the data"
        assertFalse(Fx.call(() -> vm.routerLab().hasRouter().get()));
        Fx.run(vm.routerLab()::evaluateCurrent);
        assertTrue(Fx.call(() -> vm.routerLab().message().get()).startsWith("No router yet: New router trains one"),
                Fx.call(() -> vm.routerLab().message().get()));
        Fx.run(vm.routerLab()::apply);
        GridSpec routed = Fx.call(() -> vm.document().spec());
        assertEquals(List.of("stripes", "brightness"), routed.router().routes());
        assertTrue(Fx.call(() -> vm.routerLab().hasRouter().get()));

        Fx.waitUntil(() -> vm.session().gridProperty().get() != null, "the grid runs", 60);
        AtomicReference<GridResponse> answer = new AtomicReference<>();
        ImageRequest light = new ImageRequest(Images.read(dir.resolve("brightness-data/light/3.png")));
        Fx.run(() -> vm.session().send(light, answer::set, e -> answer.set(null)));
        Fx.waitUntil(() -> answer.get() != null, "the grid answers", 60);
        assertEquals("brightness", answer.get().route(), answer.get().toString());
    }

    @Test
    void headsOnAnEncoderGetARouterThatIsAHeadToo() throws Exception {
        Path grid = EncoderGrids.weatherAndMusic(dir.resolve("enc"));
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        assertTrue(Fx.call(() -> vm.open(grid)));
        Fx.run(() -> {
            vm.designer().selectOnly(Set.of(GridSpec.ROUTER_NODE));
            vm.designer().deleteSelected();
        });
        assertEquals(null, Fx.call(() -> vm.document().spec().router()));
        assertTrue(Fx.call(() -> vm.designer().lacks().get(0)).startsWith("no router yet"));
        Fx.run(vm.routerLab()::gridOpened);
        Fx.run(vm.routerLab()::newRouter);
        Fx.waitUntil(() -> vm.routerLab().candidate().get() != null && !vm.routerLab().busy().get()
                || vm.routerLab().message().get().startsWith("Failed"), "a router is trained", 300);
        String message = Fx.call(() -> vm.routerLab().message().get());
        assertTrue(vm.routerLab().candidate().get() != null, message);
        assertTrue(Fx.call(() -> vm.routerLab().report().get().accuracy()) >= 0.9, message);
        Fx.run(vm.routerLab()::apply);
        assertEquals(List.of("weather", "music"), Fx.call(() -> vm.document().spec().router().routes()));
        Fx.waitUntil(() -> vm.session().gridProperty().get() != null, "the grid runs", 60);
        AtomicReference<GridResponse> answer = new AtomicReference<>();
        Fx.run(() -> vm.session().send(new TextRequest("play some jazz music"), answer::set, e -> answer.set(null)));
        Fx.waitUntil(() -> answer.get() != null, "the grid answers", 60);
        assertEquals("music", answer.get().route(), answer.get().toString());
    }
}
