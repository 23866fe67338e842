package io.nanogrid.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nanogrid.engine.ort.OrtRuntime;
import io.nanogrid.engine.task.Progress;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.engine.train.Provenance;
import io.nanogrid.onnx.OnnxModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed models are reproducible: rebuilding one from the data lands within a point of its record. */
class RebuildTest {
    @TempDir
    Path out;

    @Test
    void rebuildsTheSpamExpertToTheAccuracyRecordedInTheCommittedModel() throws Exception {
        Path dataDir = SharedData.require("text/sms_spam/SMSSpamCollection.tsv").getParent().getParent().getParent();
        Files.createDirectories(out.resolve("text-assistant/experts"));
        ExpertResult rebuilt = new SampleBuilder(new OrtRuntime(), dataDir, out, new PrintWriter(new StringWriter()))
                .buildText(Recipes.SPAM, Progress.NONE);
        Map<String, String> meta = new LinkedHashMap<>();
        OnnxModels.read(Path.of("text-assistant/experts/spam.onnx")).getMetadataPropsList()
                .forEach(p -> meta.put(p.getKey(), p.getValue()));
        double recorded = Provenance.of(meta).orElseThrow().heldOut().accuracy();
        assertEquals(recorded, rebuilt.accuracy(), 0.01, "rebuilt " + rebuilt.accuracy() + ", recorded " + recorded);
    }
}
