package io.nanogrid.engine.router;

import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.features.TextRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Case augmentation for case-sensitive routers. Some datasets are all lower-case (SST-2, SNIPS),
 * others are not, so a case-sensitive router would learn "lower-case means a movie review": an
 * accident of the data, not of the task. Each training text is also given in another casing
 * (mixed-case text lower-cased; lower-case text with its sentences capitalized), so the router
 * keeps what case tells (ALL-CAPS offers, proper names) without leaning on the datasets' casing.
 */
public final class CaseVariants {
    private CaseVariants() {
    }

    public static List<Example> augment(List<Example> examples) {
        List<Example> out = new ArrayList<>(examples.size() * 2);
        for (Example e : examples) {
            out.add(e);
            String text = ((TextRequest) e.request()).text();
            String variant = recase(text);
            if (!variant.equals(text)) {
                out.add(new Example(new TextRequest(variant), e.label(), e.route(), e.line()));
            }
        }
        return out;
    }

    /** Lower-case text gets capitalized sentences (and a capital "I"); other text is lower-cased. */
    public static String recase(String text) {
        if (!text.equals(text.toLowerCase(Locale.ROOT))) {
            return text.toLowerCase(Locale.ROOT);
        }
        StringBuilder b = new StringBuilder(text.length());
        boolean start = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean word = Character.isLetter(c);
            if (start && word) {
                b.append(Character.toUpperCase(c));
                start = false;
            } else if (c == 'i' && (i == 0 || !Character.isLetter(text.charAt(i - 1)))
                    && (i + 1 == text.length() || !Character.isLetter(text.charAt(i + 1)))) {
                b.append('I');
            } else {
                b.append(c);
            }
            if (c == '.' || c == '!' || c == '?') {
                start = true;
            }
        }
        return b.toString();
    }
}
