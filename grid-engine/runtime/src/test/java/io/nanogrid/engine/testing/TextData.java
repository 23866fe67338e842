package io.nanogrid.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small labelled text files for tests: sentences built from per-label vocabularies, so a nano
 * classifier can learn them in a second. Real files, real parsing.
 */
public final class TextData {
    private TextData() {
    }

    /** Writes a TSV (text, label) with {@code perLabel} sentences for each label's word list. */
    public static Path tsv(Path file, int perLabel, long seed, String[][] vocab, String[] labels) throws IOException {
        Random rnd = new Random(seed);
        String[] filler = {"the", "a", "today", "really", "and", "so", "my", "this", "very", "again"};
        List<String> lines = new ArrayList<>();
        lines.add("text\tlabel");
        for (int k = 0; k < labels.length; k++) {
            for (int i = 0; i < perLabel; i++) {
                StringBuilder s = new StringBuilder();
                for (int w = 0; w < 6; w++) {
                    s.append(w % 2 == 0 ? vocab[k][rnd.nextInt(vocab[k].length)] : filler[rnd.nextInt(filler.length)])
                            .append(' ');
                }
                lines.add(s.toString().strip() + " " + i + "\t" + labels[k]);
            }
        }
        return Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static final String[][] WEATHER_SPORTS_FOOD = {
        {"rain", "sunny", "cloudy", "storm", "forecast", "snow", "wind", "humid"},
        {"goal", "match", "team", "score", "league", "coach", "referee", "striker"},
        {"pizza", "pasta", "recipe", "salad", "dessert", "bread", "cheese", "soup"}};
    public static final String[] WSF_LABELS = {"weather", "sports", "food"};
}
