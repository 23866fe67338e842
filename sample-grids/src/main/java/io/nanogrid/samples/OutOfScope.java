package io.nanogrid.samples;

import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Out-of-scope requests for the text-assistant grid: sentences of the software licences Debian
 * ships in /usr/share/common-licenses (GPL, Apache, MPL, ...): real English prose that is none of
 * the grid's tasks (no review, SMS, news, assistant command or non-English text). Absent on other
 * systems, where the builder says so and skips the measure.
 */
final class OutOfScope {
    static final Path LICENCES = Path.of("/usr/share/common-licenses");

    private OutOfScope() {
    }

    static List<Request> licenceSentences(int max, long seed) {
        if (!Files.isDirectory(LICENCES)) {
            return List.of();
        }
        Set<String> sentences = new LinkedHashSet<>();
        try (var files = Files.list(LICENCES)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
                for (String s : text.split("(?<=[.;:])\\s+")) {
                    int words = s.split(" ").length;
                    if (words >= 5 && words <= 40 && s.chars().filter(Character::isLetter).count() > 20) {
                        sentences.add(s.strip());
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
        List<String> all = new ArrayList<>(sentences);
        Collections.shuffle(all, new Random(seed));
        return all.subList(0, Math.min(max, all.size())).stream().map(s -> (Request) new TextRequest(s)).toList();
    }
}
