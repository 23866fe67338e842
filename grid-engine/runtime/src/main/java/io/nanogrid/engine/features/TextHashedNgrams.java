package io.nanogrid.engine.features;

import io.nanogrid.engine.grid.TextHashedNgramsSpec;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Text to hashed n-gram bucket ids, exactly as docs/text-hashed-ngrams.md specifies (that document
 * is the contract; test vectors made by an independent implementation check this class):
 *
 * <ol>
 * <li>keep the first maxChars code points; apply Unicode normalization (NFKC, NFC or none);</li>
 * <li>lower-case each code point with the simple Unicode mapping (if enabled);</li>
 * <li>tokens are maximal runs of letters (L*), marks (M*) and numbers (N*); with punctuation
 *     "tokens", maximal runs of punctuation (P*) and symbols (S*) are tokens too; all else
 *     separates;</li>
 * <li>word n-grams, for n = min..max, in order of n then position: the tokens' UTF-8 bytes joined
 *     by one 0x20 byte, hashed with seed S;</li>
 * <li>character n-grams, token by token, for n = min..max, then position: every run of n code
 *     points of "&lt;" + token + "&gt;", its UTF-8 bytes hashed with seed S + 1 (mod 2^32);</li>
 * <li>bucket = unsigned MurmurHash3_x86_32 mod B; a text without tokens gives the one id of the
 *     empty byte string hashed with seed S.</li>
 * </ol>
 */
public final class TextHashedNgrams {
    private final int buckets;
    private final int wordSeed;
    private final int charSeed;
    private final boolean lowercase;
    private final Normalizer.Form form;
    private final int wordMin;
    private final int wordMax;
    private final int charMin;
    private final int charMax;
    private final int maxChars;
    private final boolean punctuationTokens;

    public TextHashedNgrams(TextHashedNgramsSpec spec) {
        this.buckets = spec.buckets();
        this.wordSeed = (int) (long) spec.seed();
        this.charSeed = (int) ((spec.seed() + 1) & 0xFFFF_FFFFL);
        this.lowercase = spec.lowercase();
        this.form = switch (spec.normalization()) {
            case "NFKC" -> Normalizer.Form.NFKC;
            case "NFC" -> Normalizer.Form.NFC;
            default -> null;
        };
        this.wordMin = spec.wordNgrams().isEmpty() ? 1 : spec.wordNgrams().get(0);
        this.wordMax = spec.wordNgrams().isEmpty() ? 0 : spec.wordNgrams().get(1);
        this.charMin = spec.charNgrams().isEmpty() ? 1 : spec.charNgrams().get(0);
        this.charMax = spec.charNgrams().isEmpty() ? 0 : spec.charNgrams().get(1);
        this.maxChars = spec.maxChars();
        this.punctuationTokens = spec.punctuation().equals(TextHashedNgramsSpec.PUNCTUATION_TOKENS);
    }

    public int buckets() {
        return buckets;
    }

    /** The bucket ids of a text, in the specified order (duplicates kept). */
    public int[] ids(String text) {
        int[] cps = codePoints(text);
        int[][] tokens = tokens(cps);
        IntList out = new IntList(64);
        if (tokens.length == 0) {
            out.add(bucket(MurmurHash3.hash32x86(new byte[0], 0, 0, wordSeed)));
            return out.toArray();
        }
        byte[][] tokenBytes = new byte[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            tokenBytes[i] = utf8(cps, tokens[i][0], tokens[i][1]);
        }
        byte[] scratch = new byte[64];
        for (int n = wordMin; n <= wordMax; n++) {
            for (int start = 0; start + n <= tokens.length; start++) {
                if (n == 1) {
                    out.add(bucket(MurmurHash3.hash32x86(tokenBytes[start], 0, tokenBytes[start].length, wordSeed)));
                    continue;
                }
                int len = n - 1;
                for (int k = start; k < start + n; k++) {
                    len += tokenBytes[k].length;
                }
                if (scratch.length < len) {
                    scratch = new byte[Math.max(len, scratch.length * 2)];
                }
                int pos = 0;
                for (int k = start; k < start + n; k++) {
                    if (k > start) {
                        scratch[pos++] = ' ';
                    }
                    System.arraycopy(tokenBytes[k], 0, scratch, pos, tokenBytes[k].length);
                    pos += tokenBytes[k].length;
                }
                out.add(bucket(MurmurHash3.hash32x86(scratch, 0, len, wordSeed)));
            }
        }
        if (charMax > 0) {
            for (int[] token : tokens) {
                charNgrams(cps, token[0], token[1], out);
            }
        }
        return out.toArray();
    }

    private void charNgrams(int[] cps, int from, int to, IntList out) {
        int length = to - from + 2;
        // byte offset of each code point of "<" + token + ">", and one past the end
        int[] offsets = new int[length + 1];
        byte[] bytes = new byte[4 * length];
        int pos = 0;
        for (int i = 0; i < length; i++) {
            offsets[i] = pos;
            int cp = i == 0 ? '<' : i == length - 1 ? '>' : cps[from + i - 1];
            pos = putUtf8(cp, bytes, pos);
        }
        offsets[length] = pos;
        for (int n = charMin; n <= charMax; n++) {
            for (int start = 0; start + n <= length; start++) {
                int off = offsets[start];
                out.add(bucket(MurmurHash3.hash32x86(bytes, off, offsets[start + n] - off, charSeed)));
            }
        }
    }

    private int bucket(int hash) {
        return (int) (Integer.toUnsignedLong(hash) % buckets);
    }

    private int[] codePoints(String text) {
        String t = text;
        if (t.codePointCount(0, t.length()) > maxChars) {
            t = t.substring(0, t.offsetByCodePoints(0, maxChars));
        }
        if (form != null && !Normalizer.isNormalized(t, form)) {
            t = Normalizer.normalize(t, form);
        }
        int[] cps = t.codePoints().toArray();
        if (lowercase) {
            for (int i = 0; i < cps.length; i++) {
                cps[i] = Character.toLowerCase(cps[i]);
            }
        }
        return cps;
    }

    private static final int SEPARATOR = 0;
    private static final int WORD = 1;
    private static final int PUNCTUATION = 2;

    /** [start, end) code point ranges of the tokens: maximal runs of one class, separators dropped. */
    private int[][] tokens(int[] cps) {
        int[][] out = new int[8][];
        int count = 0;
        int i = 0;
        while (i < cps.length) {
            int kind = classOf(cps[i]);
            int start = i;
            while (i < cps.length && classOf(cps[i]) == kind) {
                i++;
            }
            if (kind != SEPARATOR) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = new int[] {start, i};
            }
        }
        return Arrays.copyOf(out, count);
    }

    private int classOf(int cp) {
        if (isTokenChar(cp)) {
            return WORD;
        }
        return punctuationTokens && isPunctuationOrSymbol(cp) ? PUNCTUATION : SEPARATOR;
    }

    /** Punctuation (P*) and symbols (S*). */
    static boolean isPunctuationOrSymbol(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    /** Letters (L*), marks (M*) and numbers (N*). */
    static boolean isTokenChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    private static byte[] utf8(int[] cps, int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = cps[i] < 0x80;
        }
        if (ascii) {
            byte[] b = new byte[to - from];
            for (int i = from; i < to; i++) {
                b[i - from] = (byte) cps[i];
            }
            return b;
        }
        return new String(cps, from, to - from).getBytes(StandardCharsets.UTF_8);
    }

    private static int putUtf8(int cp, byte[] out, int pos) {
        if (cp < 0x80) {
            out[pos++] = (byte) cp;
        } else if (cp < 0x800) {
            out[pos++] = (byte) (0xC0 | (cp >> 6));
            out[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[pos++] = (byte) (0xE0 | (cp >> 12));
            out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            out[pos++] = (byte) (0xF0 | (cp >> 18));
            out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[pos++] = (byte) (0x80 | (cp & 0x3F));
        }
        return pos;
    }

    /** A growable int array (no boxing on the hot path). */
    private static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[capacity];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
