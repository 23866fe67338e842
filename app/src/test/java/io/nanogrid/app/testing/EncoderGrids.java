package io.nanogrid.app.testing;

import io.nanogrid.engine.cli.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A grid with a shared encoder ({@link TinyEncoder}), built with the command line as a user would: two heads
 * trained on the encoder (weather: rain or sun; music: play or add), a grid with the encoder, the heads added
 * with their data, and a router trained as a head on the encoder too.
 */
public final class EncoderGrids {
    private static final String[] CITIES = {"Paris", "Berlin", "Oslo", "Lima", "Cairo", "Tokyo", "Quito", "Dakar",
        "Perth", "Hanoi", "Riga", "Bern"};
    private static final String[] MUSIC = {"jazz", "blues", "techno", "folk", "reggae", "opera", "salsa", "grunge",
        "disco", "country", "soul", "punk"};
    private static final String[][] WEATHER = {{"rain", "will it rain in %s tomorrow",
        "do I need an umbrella in %s today"}, {"sun", "will it be sunny in %s this weekend",
        "is the sky clear over %s now"}};
    private static final String[][] SONGS = {{"play", "play some %s music", "put on my %s songs"}, {"add",
        "add this %s track to my playlist", "save the %s album to my library"}};

    private EncoderGrids() {
    }

    /** Builds the grid in dir; returns its grid.json. */
    public static Path weatherAndMusic(Path dir) {
        try {
            Files.createDirectories(dir);
            Path[] enc = TinyEncoder.write(dir, vocabulary());
            Path weather = table(dir.resolve("weather.tsv"), WEATHER, CITIES);
            Path music = table(dir.resolve("music.tsv"), SONGS, MUSIC);
            for (Path data : List.of(weather, music)) {
                String head = data.getFileName().toString().replace(".tsv", "");
                ok(CliRun.of("train", "--encoder", enc[0].toString(), "--tokenizer", enc[1].toString(), "--data",
                        data.toString(), "-o", dir.resolve(head + ".onnx").toString()));
            }
            Path grid = dir.resolve("grid.json");
            ok(CliRun.of("grid", "new", "assistant", "-o", grid.toString()));
            ok(CliRun.of("grid", "encoder", grid.toString(), enc[0].toString(), "--tokenizer", enc[1].toString()));
            ok(CliRun.of("grid", "add", grid.toString(), dir.resolve("weather.onnx").toString(), "--data",
                    weather.toString()));
            ok(CliRun.of("grid", "add", grid.toString(), dir.resolve("music.onnx").toString(), "--data",
                    music.toString()));
            ok(CliRun.of("router", "train", grid.toString()));
            return grid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every word of the fixture's sentences. */
    static List<String> vocabulary() {
        List<String> words = new ArrayList<>(Arrays.asList(CITIES));
        words.addAll(Arrays.asList(MUSIC));
        for (String[][] table : new String[][][] {WEATHER, SONGS}) {
            for (String[] label : table) {
                for (int i = 1; i < label.length; i++) {
                    words.addAll(Arrays.asList(label[i].replace("%s", "").split("\\s+")));
                }
            }
        }
        words.removeIf(String::isBlank);
        return words;
    }

    private static void ok(CliRun r) {
        if (r.exit() != 0) {
            throw new IllegalStateException("building the encoder grid failed: " + r);
        }
    }

    /** A TSV of two labels, each from two templates filled with every word. */
    private static Path table(Path file, String[][] labels, String[] fill) throws IOException {
        List<String> lines = new ArrayList<>(List.of("text\tlabel"));
        for (String w : fill) {
            for (String[] label : labels) {
                lines.add(String.format(label[1], w) + "\t" + label[0]);
                lines.add(String.format(label[2], w) + "\t" + label[0]);
            }
        }
        return Files.write(file, lines);
    }
}
