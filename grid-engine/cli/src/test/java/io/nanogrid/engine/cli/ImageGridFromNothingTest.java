package io.nanogrid.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.nanogrid.engine.serve.GridServer;
import io.nanogrid.engine.serve.Http;
import io.nanogrid.engine.serve.ServeFixtures;
import io.nanogrid.engine.testing.ImageParts;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grid of two image experts made only with the command line, as a user would: grid new, grid add twice
 * (each expert with its labelled images, a folder per class), router train (a dense router on the pixels),
 * export, then served over HTTP on 127.0.0.1 and answering images sent as base64 PNG.
 */
class ImageGridFromNothingTest {
    @TempDir
    Path dir;

    @Test
    void twoImageExpertsBuiltWithGridCommandsAreRoutedExportedAndServed() throws Exception {
        ImageParts.Parts parts = ImageParts.write(dir);
        Path grid = dir.resolve("grid.json");
        ok(CliRun.of("grid", "new", "shapes", "-o", grid.toString()));
        ok(CliRun.of("grid", "add", grid.toString(), parts.stripesModel().toString(), "--label-names",
                "horizontal,vertical", "--image-folders", dir.resolve("stripes-data").toString()));
        CliRun notYet = CliRun.of("run", grid.toString(), "--image", dir.resolve("stripes-data/vertical/0.png")
                .toString());
        assertEquals(0, notYet.exit(), "one expert answers alone: " + notYet);
        ok(CliRun.of("grid", "add", grid.toString(), parts.brightnessModel().toString(), "--id", "light",
                "--label-names", "dark,light", "--image-folders", dir.resolve("brightness-data").toString()));
        CliRun noRouter = CliRun.of("run", grid.toString(), "--image", dir.resolve("stripes-data/vertical/0.png")
                .toString());
        assertEquals(Cli.BAD_INPUT, noRouter.exit(), noRouter.toString());
        assertTrue(noRouter.err().contains("2 experts and no router yet; train one"), noRouter.err());

        CliRun trained = CliRun.of("router", "train", grid.toString(), "--json");
        ok(trained);
        JsonObject report = trained.json();
        assertTrue(report.getAsJsonObject("heldOut").get("accuracy").getAsDouble() >= 0.95, trained.out());
        String saved = Files.readString(grid);
        assertTrue(saved.contains("\"router.onnx\"") && saved.contains("\"image-folders\""), saved);

        CliRun run = CliRun.of("run", grid.toString(), "--image", dir.resolve("brightness-data/light/3.png")
                .toString(), "--json");
        ok(run);
        assertEquals("light", run.json().get("route").getAsString());
        assertEquals("light", run.json().getAsJsonObject("result").get("label").getAsString());

        Path bundle = dir.resolve("shapes.ngrid");
        ok(CliRun.of("export", grid.toString(), "-o", bundle.toString()));
        ok(CliRun.of("verify", bundle.toString()));
        try (GridServer server = ServeFixtures.start(bundle, ServeFixtures.settings(), dir.resolve("work"),
                new StringWriter())) {
            Http http = new Http(server.uri());
            for (Map.Entry<String, List<String>> want : Map.of("stripes-data/horizontal/7.png",
                    List.of("stripes", "horizontal"), "stripes-data/vertical/8.png", List.of("stripes", "vertical"),
                    "brightness-data/dark/9.png", List.of("light", "dark")).entrySet()) {
                String body = "{\"image\": \"" + Base64.getEncoder().encodeToString(Files.readAllBytes(
                        dir.resolve(want.getKey()))) + "\"}";
                Http.Answer a = http.post("/v1/route", body);
                assertEquals(200, a.code(), a.toString());
                assertEquals(want.getValue().get(0), a.json().get("route").getAsString(), a.toString());
                assertEquals(want.getValue().get(1), a.json().getAsJsonObject("result").get("label").getAsString());
            }
        }
    }

    private static void ok(CliRun r) {
        assertEquals(0, r.exit(), r.toString());
    }
}
