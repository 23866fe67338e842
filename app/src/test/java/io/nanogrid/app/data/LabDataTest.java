package io.nanogrid.app.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.app.main.MainViewModel;
import io.nanogrid.app.main.WorkbenchSettings;
import io.nanogrid.app.tasks.TaskRunner;
import io.nanogrid.app.testing.Fx;
import io.nanogrid.app.testing.NewGrids;
import io.nanogrid.app.testing.Workbenches;
import io.nanogrid.app.testing.ViewModelTest;
import io.nanogrid.engine.catalogue.Catalogue;
import io.nanogrid.engine.catalogue.CatalogueEntry;
import io.nanogrid.engine.catalogue.CatalogueFile;
import io.nanogrid.engine.catalogue.CatalogueSplit;
import io.nanogrid.engine.catalogue.DataSettings;
import io.nanogrid.engine.catalogue.DataStore;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.router.ExpertDataStatus;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.engine.testing.TextData;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TextTrainingRequest;
import io.nanogrid.engine.train.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The labs' data on a fresh clone (no datasets folder): the sample grid's experts record data relative to a
 * datasets folder that is not there, so the labs offer to pull the sample data (its size from the catalogue) or
 * to choose labelled data; pulling fetches through the catalogue's store with progress (from a local mirror here)
 * and makes the pulled folder the datasets folder.
 */
class LabDataTest extends ViewModelTest {
    @Test
    void withNoDatasetsFolderTheLabsOfferToPullOrChoose() {
        Path grid = Workbenches.sampleTextGrid(dir.resolve("clone"));
        vm = Fx.call(() -> Workbenches.viewModel(dir.resolve("config"), null));
        assertTrue(Fx.call(() -> vm.open(grid)));
        LabData data = vm.labData();
        Fx.waitUntil(() -> data.experts().size() == 5, "the sample experts' data is looked for");
        assertTrue(Fx.call(() -> data.experts().stream().allMatch(s -> s.state()
                == ExpertDataStatus.State.NEEDS_DATASETS)), Fx.call(() -> data.experts().toString()));
        assertTrue(Fx.call(() -> data.canPull().get()));
        assertFalse(Fx.call(() -> data.ready().get()));
        assertEquals("Pull the sample data (12.6 MB)", data.pullLabel());
        String summary = Fx.call(() -> data.summary().get());
        assertTrue(summary.startsWith("No datasets folder with the data of langid, sentiment, spam, topic, intent: "
                + "pull the sample data, or choose labelled data."), summary);
        assertFalse(summary.contains("--"), "no command-line flag in the window: " + summary);

        // loading the router's data anyway says what to do in the window's words, not with a command-line flag
        Fx.run(vm.routerLab()::loadData);
        Fx.waitUntil(() -> !vm.routerLab().busy().get(), "the router lab tried to load the data");
        String failed = Fx.call(() -> vm.routerLab().message().get());
        assertTrue(failed.startsWith("Failed: data ") && failed.endsWith("not found (Pull the sample data above, or "
                + "choose labelled data)"), failed);
    }

    @Test
    void pullingTheSampleDataMakesItTheDatasetsFolder() throws Exception {
        // an expert that records its data as the catalogue lays it out (text/tiny/mood.tsv), and a mirror holding it
        Path mirror = dir.resolve("mirror");
        Path file = Files.createDirectories(mirror.resolve("text/tiny")).resolve("mood.tsv");
        TextData.tsv(file, 60, 3, new String[][] {{"happy", "glad", "joy"}, {"sad", "gloomy", "tears"}},
                new String[] {"up", "down"});
        Path gridDir = Files.createDirectories(dir.resolve("grid"));
        var train = TextDatasets.read(file, DatasetOptions.defaults().forTraining());
        var trained = new TextTraining(new OrtRuntime()).run(new TextTrainingRequest(train, null, 0.25,
                TextHashedNgramsSpec.defaults().withBuckets(4096), TrainerConfig.defaults().withDim(8).withEpochs(2)
                        .withThreads(1), "mood", DataSource.table("text/tiny/mood.tsv"), null), Progress.NONE, null);
        TestModels.write(trained.model(), gridDir.resolve("mood.onnx"));
        NewGrids.Parts other = NewGrids.twoExperts(dir.resolve("other"));
        Files.copy(other.topicsModel(), gridDir.resolve("topics.onnx"));
        Path grid = gridDir.resolve("grid.json");
        GridFiles.write(new GridSpec(GridSpec.FORMAT_VERSION, "tiny", null, null, List.of(ExpertSpec.of("mood",
                "mood.onnx", null, null), ExpertSpec.of("topics", "topics.onnx", null, null)), null, null), grid);

        byte[] bytes = Files.readAllBytes(file);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Catalogue catalogue = new Catalogue(1, List.of(new CatalogueEntry("tiny", "Tiny moods", "dataset", "test",
                "here", "none", "tsv", List.of(new CatalogueSplit("all", List.of("text/tiny/mood.tsv"), null)),
                List.of(new CatalogueFile("text/tiny/mood.tsv", "https://example.invalid/mood.tsv", sha,
                        bytes.length)))));
        Path cache = dir.resolve("cache");
        DataStore store = DataStore.of(catalogue, DataSettings.resolve(cache, mirror.toString(), Map.of(),
                new Properties()));
        vm = Fx.call(() -> new MainViewModel(new WorkbenchSettings(dir.resolve("config"), null, null),
                new OrtRuntime(), new TaskRunner(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "test-work");
                    t.setDaemon(true);
                    return t;
                })), () -> store));
        assertTrue(Fx.call(() -> vm.open(grid)));
        LabData data = vm.labData();
        Fx.waitUntil(() -> data.experts().size() == 2, "the experts' data is looked for");
        assertEquals(List.of(ExpertDataStatus.State.NEEDS_DATASETS, ExpertDataStatus.State.NONE), Fx.call(() -> data
                .experts().stream().map(ExpertDataStatus::state).toList()));
        assertEquals("Pull the sample data (" + String.format(java.util.Locale.ROOT, "%.1f MB", bytes.length
                / 1048576.0) + ")", data.pullLabel());

        Fx.run(data::pull);
        Fx.waitUntil(() -> data.pulling().get() == null && cache.resolve("data").equals(vm.dataDir().get()),
                "the pull finishes: " + Fx.call(() -> data.message().get()), 60);
        assertEquals(bytes.length, Files.size(cache.resolve("data/text/tiny/mood.tsv")));
        Fx.waitUntil(() -> data.experts().get(0).state() == ExpertDataStatus.State.RECORDED,
                "the pulled data is where the expert records it");
        assertTrue(Fx.call(() -> data.summary().get()).contains("No labelled data for topics"));
        assertFalse(Fx.call(() -> data.canPull().get()));
    }
}
