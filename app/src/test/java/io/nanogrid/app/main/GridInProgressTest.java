package io.nanogrid.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.NewGrids;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.router.ExpertDataStatus;
import io.nanogrid.engine.runtime.GridResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A grid made from nothing in the workbench's view models: two experts imported, saved and reopened without a
 * router (what it lacks is said, not refused), their labelled data chosen from files, a new router trained from it
 * with no router file, applied, saved, the quantization lab measuring against the same data, reopened, and a
 * request answered by the grid.
 */
class GridInProgressTest extends ViewModelTest {
    private void importBoth(NewGrids.Parts parts) {
        Fx.run(() -> {
            vm.newGrid();
            vm.designer().importModel(parts.topicsModel(), 460, 40);
            vm.designer().importModel(parts.moodModel(), 460, 40);
        });
        Fx.waitUntil(() -> vm.document().spec().experts().size() == 2, "both experts are imported", 60);
    }

    @Test
    void aGridInProgressIsSavedAndReopenedWithWhatItLacksShown() {
        NewGrids.Parts parts = NewGrids.twoExperts(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        importBoth(parts);
        Path grid = dir.resolve("mine").resolve("grid.json");
        Fx.run(() -> assertTrue(vm.saveAs(grid), String.valueOf(vm.error().get())));
        assertNull(GridFiles.read(grid).router(), "saved as it is: no router");

        assertTrue(Fx.call(() -> vm.open(grid)), String.valueOf(vm.error().get()));
        assertEquals(List.of("topics", "mood"), Fx.call(() -> vm.document().spec().experts().stream()
                .map(e -> e.id()).toList()));
        List<String> lacks = Fx.call(() -> List.copyOf(vm.designer().lacks()));
        assertEquals(1, lacks.size(), lacks.toString());
        assertTrue(lacks.get(0).startsWith("no router yet: New router..."), lacks.toString());
        Fx.waitUntil(() -> !vm.console().cannotAnswer().get().isEmpty(), "the console says why it cannot answer");
        assertTrue(Fx.call(() -> vm.console().cannotAnswer().get()).startsWith("Cannot answer: no router yet"),
                Fx.call(() -> vm.console().cannotAnswer().get()));
        Fx.waitUntil(() -> vm.labData().experts().size() == 2, "the experts' data is looked for");
        assertEquals(List.of(ExpertDataStatus.State.NONE, ExpertDataStatus.State.NONE), Fx.call(() -> vm.labData()
                .experts().stream().map(ExpertDataStatus::state).toList()));
        assertTrue(Fx.call(() -> vm.labData().summary().get()).contains("No labelled data for topics, mood"));
        Fx.run(vm.routerLab()::gridOpened);
        assertTrue(Fx.call(() -> vm.routerLab().message().get()).startsWith("No router yet: New router trains one "
                + "over the 2 experts"), Fx.call(() -> vm.routerLab().message().get()));
    }

    @Test
    void newRouterFromTheExpertsChosenDataThenSaveReopenAndAnswer() throws Exception {
        NewGrids.Parts parts = NewGrids.twoExperts(dir);
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config")));
        importBoth(parts);
        Path grid = dir.resolve("mine").resolve("grid.json");
        Fx.run(() -> assertTrue(vm.saveAs(grid)));
        Fx.run(() -> {
            vm.labData().choose("topics", parts.topicsData());
            vm.labData().choose("mood", parts.moodData());
        });
        Fx.waitUntil(() -> vm.document().spec().experts().stream().allMatch(e -> e.data() != null),
                "both experts' data is recorded", 60);
        GridSpec withData = Fx.call(() -> vm.document().spec());
        assertEquals(DataSource.table("../labelled/topics.tsv"), withData.expert("topics").orElseThrow().data().train(),
                "relative to the grid, read as a table");
        Fx.waitUntil(() -> vm.labData().ready().get(), "the labs see both experts' data", 60);

        Fx.run(vm.routerLab()::newRouter);
        Fx.waitUntil(() -> vm.routerLab().candidate().get() != null && !vm.routerLab().busy().get(),
                "a new router is trained: " + Fx.call(() -> vm.routerLab().message().get()), 300);
        Fx.run(vm.routerLab()::apply);
        GridSpec routed = Fx.call(() -> vm.document().spec());
        assertEquals(List.of("topics", "mood"), routed.router().routes());
        assertEquals("router-1.onnx", routed.router().model());
        assertTrue(Files.isRegularFile(grid.resolveSibling("router-1.onnx")));
        assertTrue(Fx.call(() -> vm.designer().lacks().isEmpty()), Fx.call(() -> vm.designer().lacks().toString()));
        Fx.run(() -> assertTrue(vm.save()));

        // the quantization lab measures against the same chosen data (no datasets folder)
        Fx.run(() -> {
            vm.quantLab().bits("4").set(false);
            vm.quantLab().bits("2").set(false);
            vm.quantLab().runSweep();
        });
        Fx.waitUntil(() -> vm.quantLab().sweep().get() != null && !vm.quantLab().busy().get(), "the sweep finishes: "
                + Fx.call(() -> vm.quantLab().message().get()), 300);
        assertTrue(Fx.call(() -> vm.quantLab().sweep().get().report().labelled()), "measured against the labels");

        assertTrue(Fx.call(() -> vm.open(grid)));
        assertEquals(routed.withLayout(java.util.Map.of()), Fx.call(() -> vm.document().spec()
                .withLayout(java.util.Map.of())), "the data references and the router survive saving");
        Fx.waitUntil(() -> vm.session().gridProperty().get() != null, "the reopened grid runs", 60);
        AtomicReference<GridResponse> answer = new AtomicReference<>();
        Fx.run(() -> vm.session().send(new TextRequest("sunny forecast with rain and wind today"), answer::set,
                e -> { throw new AssertionError(e); }));
        Fx.waitUntil(() -> answer.get() != null, "the grid answers", 60);
        assertEquals("topics", answer.get().route(), answer.get().toString());
    }
}
