package io.nanogrid.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.nanogrid.engine.bundle.BitsProfile;
import io.nanogrid.engine.bundle.BundleLimits;
import io.nanogrid.engine.bundle.BundleReader;
import io.nanogrid.engine.bundle.BundleReport;
import io.nanogrid.engine.bundle.BundleWriter;
import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.ResponseJson;
import io.nanogrid.engine.serve.GridServer;
import io.nanogrid.engine.serve.Http;
import io.nanogrid.engine.serve.ServeSettings;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.engine.train.TextTraining;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device round trip on the committed sample grid: export -> verify -> serve, then every request of
 * the experts' held-out data (the first {@value #PER_EXPERT} of each) gets the same answer over HTTP as
 * Grid.open on the original grid file, which is what the workbench runs.
 */
class ServeRoundTripTest {
    static final int PER_EXPERT = 120;

    @TempDir
    Path dir;

    @Test
    void theServedBundleAnswersTheHeldOutDataExactlyAsTheWorkbench() throws Exception {
        Path data = SharedData.require("text/sst2/dev.tsv").getParent().getParent().getParent();
        OrtRuntime ort = new OrtRuntime();
        Path grid = Path.of("text-assistant", "grid.json");
        Path bundle = dir.resolve("text-assistant.ngrid");
        new BundleWriter(ort, ort.version()).export(grid, bundle, BitsProfile.none(), Progress.NONE);
        BundleReport verified = new BundleReader(ort, BundleLimits.defaults()).verify(bundle);
        assertEquals(6, verified.models().size());

        List<Example> examples = new ArrayList<>();
        for (TextRecipe r : Recipes.TEXT_ASSISTANT) {
            Dataset test = r.data().readTest(data);
            List<Example> held = test != null ? test.examples()
                    : TextTraining.heldOut(r.data().readTrain(data).examples(), r.data().testSplit(), r.config().seed());
            examples.addAll(held.subList(0, Math.min(PER_EXPERT, held.size())));
        }

        Path work = Files.createDirectories(dir.resolve("work"));
        int same = 0;
        List<String> differences = new ArrayList<>();
        Map<String, Integer> routes = new TreeMap<>();
        try (Grid workbench = Grid.open(grid, ort);
                GridServer server = GridServer.start(bundle, ServeSettings.defaults().withPort(0), ort,
                        BundleLimits.defaults(), work, new PrintWriter(new StringWriter()))) {
            Http http = new Http(server.uri());
            for (Example e : examples) {
                String text = ((TextRequest) e.request()).text();
                Http.Answer served = http.post("/v1/route", Http.text(text));
                JsonObject local = JsonParser.parseString(ResponseJson.of(workbench.route(e.request())))
                        .getAsJsonObject();
                JsonObject remote = served.json();
                local.remove("timings");
                remote.remove("timings");
                if (served.code() == 200 && local.equals(remote)) {
                    same++;
                    routes.merge(remote.get("route").getAsString(), 1, Integer::sum);
                } else if (differences.size() < 5) {
                    differences.add(text + "\n  served " + served.code() + " " + remote + "\n  local  " + local);
                }
            }
        }
        System.out.printf("ServeRoundTripTest: %s (%,d bytes) verified in %.2f s; %d of %d held-out requests answered "
                + "the same over HTTP as Grid.open on the grid file (route, confidence, result, scores, error); "
                + "routes %s%n", bundle.getFileName(), Files.size(bundle), verified.seconds(), same, examples.size(),
                routes);
        assertEquals(examples.size(), same, "differences: " + differences);
        assertTrue(routes.keySet().containsAll(List.of("langid", "sentiment", "spam", "topic", "intent")), routes
                .toString());
    }
}
