package io.nanogrid.engine.bench;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.tools.NanogridCommand;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.runtime.TestGridsAccess;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints `nanogrid bench` figures for the three-model test grid (router + two experts, each a
 * 4096-bucket embedding bag: the cheapest models, where the grid's own overhead shows most).
 *
 * <pre>./mvnw -q -pl grid-engine/cli -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp grid-engine/cli/target/test-classes:grid-engine/cli/target/classes:$(cat grid-engine/cli/target/test-classpath.txt) \
 *     io.nanogrid.engine.bench.TestGridBenchmark</pre>
 */
public final class TestGridBenchmark {
    private TestGridBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench-grid"));
        Path grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        for (String concurrency : new String[] {"1", "2"}) {
            System.out.println("== nanogrid bench " + grid + " --requests 50000 --concurrency " + concurrency);
            Cli.execute(new NanogridCommand(), new String[] {"bench", grid.toString(), "--requests", "50000", "--concurrency", concurrency});
        }
        System.out.println("== nanogrid bench " + dir.resolve("router.onnx") + " --sessions 100");
        Cli.execute(new NanogridCommand(), new String[] {"bench", dir.resolve("router.onnx").toString(), "--sessions", "100"});
    }
}
