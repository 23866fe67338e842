package io.nanogrid.engine.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.cli.Cli;
import io.nanogrid.engine.cli.CliRun;
import io.nanogrid.engine.grid.GridFiles;
import io.nanogrid.engine.grid.GridSpec;
import io.nanogrid.engine.grid.RouterSpec;
import io.nanogrid.engine.runtime.TestGridsAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `router train` and `router test` refuse bad options and data they cannot read before anything is
 * pooled, trained or written: exit 2, a message naming the option or the file (and line), and the
 * grid file and its router byte for byte as before. The grid is the three-model test grid (keyword
 * models that record no training data), so nothing here trains.
 */
class RouterCommandErrorsTest {
    @TempDir
    Path dir;
    Path grid;
    Path missing;
    byte[] gridBefore;
    byte[] routerBefore;

    @BeforeEach
    void writeGrid() throws IOException {
        grid = dir.resolve("grid.json");
        GridFiles.write(TestGridsAccess.threeModels(dir), grid);
        gridBefore = Files.readAllBytes(grid);
        routerBefore = Files.readAllBytes(dir.resolve("router.onnx"));
        missing = dir.resolve("missing.tsv");
    }

    static Stream<Arguments> badTrainOptions() {
        String misroute = "--target-misroute: expected a rate strictly between 0 and 1 (such as 0.005), got ";
        String buckets = "--buckets: expected a power of two from 1024 to 1048576, got ";
        String words = "--word-ngrams: expected MIN,MAX with 1 <= MIN <= MAX <= 8 (or 0 for none), got ";
        return Stream.of(
                Arguments.of("--target-misroute=2", misroute + "'2'"),
                Arguments.of("--target-misroute=-0.1", misroute + "'-0.1'"),
                Arguments.of("--target-misroute=0", misroute + "'0'"),
                Arguments.of("--buckets=3", buckets + "'3'"),
                Arguments.of("--buckets=0", buckets + "'0'"),
                Arguments.of("--buckets=-8", buckets + "'-8'"),
                Arguments.of("--buckets=2097152", buckets + "'2097152'"),
                Arguments.of("--threads=0", "--threads: expected at least 1, got '0'"),
                Arguments.of("--threads=-2", "--threads: expected at least 1, got '-2'"),
                Arguments.of("--word-ngrams=0,0", words + "'0,0'"),
                Arguments.of("--word-ngrams=3,1", words + "'3,1'"),
                Arguments.of("--word-ngrams=1,9", words + "'1,9'"),
                Arguments.of("--char-ngrams=1",
                        "--char-ngrams: expected MIN,MAX with 1 <= MIN <= MAX <= 16 (or 0 for none), got '1'"),
                Arguments.of("--word-ngrams=0 --char-ngrams=0", "--word-ngrams, --char-ngrams: both are 0"));
    }

    @ParameterizedTest
    @MethodSource("badTrainOptions")
    void routerTrainRefusesAnOutOfRangeOptionBeforeReadingAnyData(String option, String message) throws Exception {
        // --data names a missing file: the option is refused before it is looked at
        refused(message, args("router train", option, "--data", missing.toString()));
    }

    static Stream<Arguments> badDataOptions() {
        return Stream.of(
                Arguments.of("--per-route=1", "--per-route: expected at least 10 training examples per route, got '1'"),
                Arguments.of("--per-route=0", "--per-route: expected at least 10 training examples per route, got '0'"),
                Arguments.of("--per-route=-1",
                        "--per-route: expected at least 10 training examples per route, got '-1'"),
                Arguments.of("--min-words=-1", "--min-words: expected 0 or more, got '-1'"),
                Arguments.of("--exclude=bad:x", "--exclude: 'bad:x' names no route of the grid; expected ROUTE:LABEL "
                        + "with ROUTE one of [greeting, weather]"),
                Arguments.of("--exclude=weather:NotALabel", "--exclude: 'weather:NotALabel' names no label of route "
                        + "'weather'; its expert's labels are [sunny, rainy]"),
                Arguments.of("--exclude=weather", "--exclude: expected ROUTE:LABEL, got 'weather'"));
    }

    @ParameterizedTest
    @MethodSource("badDataOptions")
    void routerTrainAndTestRefuseAnOutOfRangeDataOption(String option, String message) throws Exception {
        for (String command : List.of("router train", "router test")) {
            refused(message, args(command, option, "--data", missing.toString()));
        }
    }

    @Test
    void aRightExcludeIsAcceptedAndTheDataIsReadNext() throws Exception {
        refused("--data " + missing + ": file not found", args("router train", "--exclude=weather:sunny", "--data",
                missing.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"router train", "router test"})
    void dataFilesThatCannotBeReadAreNamedWithTheirLine(String command) throws Exception {
        byte[] cafe = "caf\u00e9 au lait please".getBytes(StandardCharsets.ISO_8859_1);
        Path tsv = write("latin1.tsv", "text\troute\nhello there you\tgreeting\n", cafe, "\tgreeting\n");
        refused(tsv + " line 3: not valid UTF-8", args(command, "--data", tsv.toString()));
        Path csv = write("latin1.csv", "text,route\nhello there you,greeting\n", cafe, ",greeting\n");
        refused(csv + " line 3: not valid UTF-8", args(command, "--data", csv.toString()));
        Path binary = Files.write(dir.resolve("binary.tsv"), new byte[] {'t', 'e', 'x', 't', (byte) 0xC3, 0x28, 0});
        refused(binary + " line 1: not valid UTF-8", args(command, "--data", binary.toString()));
        Path folder = Files.createDirectories(dir.resolve("folder.tsv"));
        refused("--data " + folder + ": is a folder; expected a file", args(command, "--data", folder.toString()));
        refused("--data " + missing + ": file not found", args(command, "--data", missing.toString()));

        Path data = Files.writeString(dir.resolve("data.tsv"), "text\troute\nhello there you\tgreeting\n");
        refused("--oos " + missing + ": file not found", args(command, "--data", data.toString(), "--oos",
                missing.toString()));
        refused(tsv + " line 3: not valid UTF-8", args(command, "--data", data.toString(), "--oos",
                tsv.toString()));
        refused("--oos " + folder + ": is a folder; expected a file", args(command, "--data", data.toString(),
                "--oos", folder.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"router train", "router test"})
    void aLineWithoutARouteIsNamedWithItsLine(String command) throws Exception {
        String message = ": no route: the \"route\" field is missing or empty";
        Path routes = Files.writeString(dir.resolve("routes.jsonl"), "{\"text\": \"hello there\", \"route\": "
                + "\"greeting\"}\n{\"text\": \"sunny all day\"}\n");
        refused(routes + " line 2" + message, args(command, "--data", routes.toString()));
        Path labels = Files.writeString(dir.resolve("labels.jsonl"), "{\"text\": \"hello there\", \"route\": "
                + "\"greeting\", \"label\": \"hello\"}\n{\"text\": \"sunny all day\", \"label\": \"sunny\"}\n");
        refused(labels + " line 2" + message, args(command, "--data", labels.toString()));
        Path tsv = Files.writeString(dir.resolve("routes.tsv"), "text\troute\nhello there\tgreeting\nsunny\t\n");
        refused(tsv + " line 3" + message, args(command, "--data", tsv.toString()));
        Path noColumn = Files.writeString(dir.resolve("nocolumn.tsv"), "text\tlabel\nhello there\thello\n");
        refused(noColumn + " line 1: no column 'route' in header [text, label]; --data needs the columns text and "
                + "route", args(command, "--data", noColumn.toString()));
    }

    @Test
    void linesWithoutARouteAreSkippedWithSkipBad() throws Exception {
        Path data = Files.writeString(dir.resolve("data.jsonl"), "{\"text\": \"hello there\", \"route\": "
                + "\"greeting\", \"label\": \"hello\"}\n{\"text\": \"sunny all day\", \"label\": \"sunny\"}\n"
                + "{\"text\": \"rain and cloud\", \"route\": \"weather\", \"label\": \"rainy\"}\n");
        CliRun r = CliRun.of(args("router test", "--data", data.toString(), "--skip-bad", "--json"));
        assertEquals(Cli.OK, r.exit(), r.toString());
        assertTrue(r.err().contains("skipped 1 lines of " + data + ", first: " + data + " line 2: no route"),
                r.err());
        assertEquals(2, r.json().get("n").getAsInt());
    }

    @Test
    void aGridWhoseRouterWasTrainedForARouteItNoLongerListsIsToldToRetrainIt() throws Exception {
        GridSpec spec = GridFiles.read(grid);
        GridFiles.write(spec.withRouter(new RouterSpec("router.onnx", null, List.of("greeting"), null, null, 0.6,
                null)), grid);
        gridBefore = Files.readAllBytes(grid);
        Path data = Files.writeString(dir.resolve("data.tsv"), "text\troute\tlabel\nhello there\tgreeting\thello\n");
        refused("router (router.onnx) was trained for routes [greeting, weather], but the grid lists [greeting]; "
                + "retrain it for the grid's routes (nanogrid router train GRID)",
                args("router test", "--data", data.toString()));
    }

    @Test
    void aMissingExpertModelIsNamedWhenItsRouteHasNoData() throws Exception {
        Files.delete(dir.resolve("weather.onnx"));
        StringBuilder greetings = new StringBuilder("text\troute\n");
        for (int i = 0; i < 20; i++) {
            greetings.append("hello there number ").append(i).append("\tgreeting\n");
        }
        Path data = Files.writeString(dir.resolve("data.tsv"), greetings);
        refused("route 'weather' has no training data: its expert's model file " + dir.resolve("weather.onnx")
                + " is missing (restore it, or correct the expert's model path in the grid)",
                args("router train", "--data", data.toString()));
    }

    private String[] args(String command, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(command.split(" ")));
        all.add(grid.toString());
        for (String m : more) {
            all.addAll(m.startsWith("--") ? Arrays.asList(m.split(" ")) : List.of(m));
        }
        return all.toArray(new String[0]);
    }

    private Path write(String name, String head, byte[] bad, String tail) throws IOException {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + bad.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(bad, 0, all, a.length, bad.length);
        System.arraycopy(c, 0, all, a.length + bad.length, c.length);
        return Files.write(dir.resolve(name), all);
    }

    /** Runs a command that must be refused with the message, leaving the grid and its router as they were. */
    private void refused(String message, String[] args) throws IOException {
        CliRun r = CliRun.of(args);
        String run = String.join(" ", args) + "\n" + r;
        assertEquals(Cli.BAD_INPUT, r.exit(), run);
        assertTrue(r.err().contains(message), run);
        assertFalse(r.err().contains("Exception") || r.err().contains("java."), run);
        assertArrayEquals(gridBefore, Files.readAllBytes(grid), "the grid file is untouched: " + run);
        assertArrayEquals(routerBefore, Files.readAllBytes(dir.resolve("router.onnx")), "the router is untouched");
        assertFalse(Files.exists(dir.resolve("router.previous.onnx")), "no router was backed up: " + run);
    }
}
