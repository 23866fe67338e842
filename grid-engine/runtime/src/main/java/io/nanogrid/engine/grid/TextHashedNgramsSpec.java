package io.nanogrid.engine.grid;

import io.nanogrid.engine.json.Kind;
import java.util.List;
import java.util.Map;

/**
 * Text to hashed n-gram bucket ids. The exact algorithm, so that a device in another language
 * reproduces the ids bit for bit, is in docs/text-hashed-ngrams.md; absent fields take the defaults
 * below, and files are written with every field explicit.
 *
 * @param buckets       number of hash buckets B (ids are 0..B-1); default 262144
 * @param hash          hash function; only "murmur3_x86_32"
 * @param seed          hash seed, an unsigned 32-bit value; default 0
 * @param lowercase     simple per-code-point lower-casing; default true
 * @param normalization Unicode normalization before anything else: "NFKC" (default), "NFC" or "none"
 * @param wordNgrams    [min, max] word n-gram orders; default [1, 2]; empty for none
 * @param charNgrams    [min, max] character n-gram lengths within padded words; default [2, 4]; empty for none
 * @param punctuation   "drop" (default): punctuation and symbols only separate words; "tokens": each run of
 *                      them is a token too (so "u?", "..." and ":)" count, whatever the spacing around them)
 * @param maxChars      only the first maxChars code points of a request are used; default 2000
 * @param encoding      "ids" (int64 bucket ids, default) or "counts" (float [1, B] mean counts)
 * @param modelInput    the model input fed, or null for the only one
 */
@Kind(TextHashedNgramsSpec.KIND)
public record TextHashedNgramsSpec(Integer buckets, String hash, Long seed, Boolean lowercase, String normalization,
        List<Integer> wordNgrams, List<Integer> charNgrams, String punctuation, Integer maxChars, String encoding,
        String modelInput)
        implements InputSpec {
    public static final String KIND = "text-hashed-ngrams";
    public static final String MURMUR3 = "murmur3_x86_32";
    public static final String PUNCTUATION_DROP = "drop";
    public static final String PUNCTUATION_TOKENS = "tokens";

    public TextHashedNgramsSpec {
        buckets = buckets != null ? buckets : 262_144;
        hash = hash != null ? hash : MURMUR3;
        seed = seed != null ? seed : 0L;
        lowercase = lowercase != null ? lowercase : Boolean.TRUE;
        normalization = normalization != null ? normalization : "NFKC";
        wordNgrams = wordNgrams != null ? List.copyOf(wordNgrams) : List.of(1, 2);
        charNgrams = charNgrams != null ? List.copyOf(charNgrams) : List.of(2, 4);
        punctuation = punctuation != null ? punctuation : PUNCTUATION_DROP;
        maxChars = maxChars != null ? maxChars : 2000;
        encoding = encoding != null ? encoding : "ids";
    }

    /** Every default; change what you need with the with* methods. */
    public static TextHashedNgramsSpec defaults() {
        return new TextHashedNgramsSpec(null, null, null, null, null, null, null, null, null, null, null);
    }

    public TextHashedNgramsSpec withBuckets(int b) {
        return new TextHashedNgramsSpec(b, hash, seed, lowercase, normalization, wordNgrams, charNgrams,
                punctuation, maxChars, encoding, modelInput);
    }

    public TextHashedNgramsSpec withNgrams(List<Integer> words, List<Integer> chars) {
        return new TextHashedNgramsSpec(buckets, hash, seed, lowercase, normalization, words, chars, punctuation,
                maxChars, encoding, modelInput);
    }

    public TextHashedNgramsSpec withSeed(long s) {
        return new TextHashedNgramsSpec(buckets, hash, s, lowercase, normalization, wordNgrams, charNgrams,
                punctuation, maxChars, encoding, modelInput);
    }

    public TextHashedNgramsSpec withLowercase(boolean l) {
        return new TextHashedNgramsSpec(buckets, hash, seed, l, normalization, wordNgrams, charNgrams,
                punctuation, maxChars, encoding, modelInput);
    }

    public TextHashedNgramsSpec withPunctuation(String p) {
        return new TextHashedNgramsSpec(buckets, hash, seed, lowercase, normalization, wordNgrams, charNgrams, p,
                maxChars, encoding, modelInput);
    }

    public TextHashedNgramsSpec withEncoding(String e) {
        return new TextHashedNgramsSpec(buckets, hash, seed, lowercase, normalization, wordNgrams, charNgrams,
                punctuation, maxChars, e, modelInput);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Text models made by nanogrid have one input. */
    @Override
    public Map<String, TensorValue> constants() {
        return null;
    }

    @Override
    public Map<String, String> state() {
        return null;
    }
}
