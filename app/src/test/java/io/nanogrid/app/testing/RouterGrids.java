package io.nanogrid.app.testing;

import io.nanogrid.engine.cli.CliRun;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.grid.DataSource;
import io.nanogrid.engine.grid.ExpertSpec;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.TestModels;
import io.nanogrid.engine.testing.TextData;
import io.nanogrid.engine.train.TextTraining;
import io.nanogrid.engine.train.TextTrainingRequest;
import io.nanogrid.engine.train.TrainerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A small text grid for the router lab, built in seconds: two experts trained here (topics: weather, sports or
 * food; mood: up or down), their data recorded relative to a datasets folder, and a router trained on it with
 * the command line. Requests made of words no expert has seen are routed by chance: the user's loop has
 * something to fix.
 */
public final class RouterGrids {
    /** Words of the user's own requests: the first route's, then the second's. */
    public static final String[][] USER_WORDS = {{"zorble", "quint", "blivet", "snark", "fribble"}, {"wumpus", "grue",
        "plugh", "xyzzy", "frotz"}};

    private RouterGrids() {
    }

    /** The datasets folder (dir/data) and the grid (dir/grid/grid.json); returns the grid file. */
    public static Path topicsAndMood(Path dir) {
        try {
            Path data = Files.createDirectories(dir.resolve("data"));
            Path gridDir = Files.createDirectories(dir.resolve("grid"));
            TextData.tsv(data.resolve("topics.tsv"), 120, 1, TextData.WEATHER_SPORTS_FOOD, TextData.WSF_LABELS);
            TextData.tsv(data.resolve("mood.tsv"), 180, 2, new String[][] {
                {"happy", "glad", "delighted", "cheerful", "joy", "smile"}, {"sad", "gloomy", "tears", "upset", "cry"}},
                    new String[] {"up", "down"});
            OrtRuntime ort = new OrtRuntime();
            TrainerConfig config = TrainerConfig.defaults().withDim(8).withEpochs(5).withThreads(2);
            TextHashedNgramsSpec features = TextHashedNgramsSpec.defaults().withBuckets(4096);
            for (String name : List.of("topics", "mood")) {
                var train = TextDatasets.read(data.resolve(name + ".tsv"), DatasetOptions.defaults().forTraining());
                var o = new TextTraining(ort).run(new TextTrainingRequest(train, null, 0.25, features, config, name,
                        DataSource.table(name + ".tsv"), null), Progress.NONE, null);
                TestModels.write(o.model(), gridDir.resolve(name + ".onnx"));
            }
            Path grid = gridDir.resolve("grid.json");
            GridFiles.write(new GridSpec(GridSpec.FORMAT_VERSION, "two", null,
                    new RouterSpec("router.onnx", null, List.of("topics", "mood"), null, null, 0.0, null),
                    List.of(ExpertSpec.of("topics", "topics.onnx", null, null),
                            ExpertSpec.of("mood", "mood.onnx", null, null)), null, null), grid);
            CliRun r = CliRun.of("router", "train", grid.toString(), "--data-dir", data.toString());
            if (r.exit() != 0) {
                throw new IllegalStateException("training the router failed: " + r);
            }
            return grid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The datasets folder of a grid made by {@link #topicsAndMood}. */
    public static Path dataDir(Path grid) {
        return grid.getParent().resolveSibling("data");
    }

    /**
     * The user's requests as a TSV (text, route): {@code n} per route, three words each from {@link #USER_WORDS};
     * the route column is left empty for the requests whose index is in {@code unlabelled}.
     */
    public static Path userRequests(Path file, int n, List<Integer> unlabelled) {
        StringBuilder s = new StringBuilder("text\troute\n");
        String[] routes = {"topics", "mood"};
        int index = 0;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 2; r++) {
                String[] w = USER_WORDS[r];
                s.append(w[i % 5]).append(' ').append(w[(i / 5) % 5]).append(' ').append(w[(i / 25) % 5])
                        .append('\t').append(unlabelled.contains(index) ? "" : routes[r]).append('\n');
                index++;
            }
        }
        try {
            return Files.writeString(file, s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
