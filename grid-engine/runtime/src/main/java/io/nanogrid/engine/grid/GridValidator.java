package io.nanogrid.engine.grid;

import io.nanogrid.files.BadInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks a grid's fields and their relations; the first problem is reported with its field path. */
public final class GridValidator {
    /** The highest word n-gram order a text-hashed-ngrams spec may ask for. */
    public static final int MAX_WORD_NGRAMS = 8;
    /** The longest character n-gram a text-hashed-ngrams spec may ask for. */
    public static final int MAX_CHAR_NGRAMS = 16;
    /** The most buckets of a "counts" encoding, which makes a dense [1, buckets] tensor. */
    public static final int MAX_DENSE_BUCKETS = 1 << 20;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> SCORES = Set.of("auto", "probabilities", "log-probabilities", "logits",
            "sigmoid");
    private static final Set<String> MULTI_SCORES = Set.of("auto", "probabilities", "sigmoid");
    private static final Set<String> DATA_READERS = Set.of(DataSource.TABLE, DataSource.SENTENCES_BY_LABEL,
            DataSource.IDX, DataSource.NPY, DataSource.FEATURES, DataSource.IMAGE_FOLDERS);
    private static final Set<String> POOLING = Set.of("mean", "cls", "none");
    private static final Set<String> ELEMENT_TYPES = Set.of("float", "double", "int64", "int32", "int16", "int8",
            "uint8", "bool", "string");

    private final List<String> problems = new ArrayList<>();

    private GridValidator() {
    }

    public static void validate(GridSpec spec, String source) {
        List<String> problems = problems(spec);
        if (!problems.isEmpty()) {
            throw new BadInputException(source + ": " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        }
    }

    /**
     * What a grid needs to answer requests, beyond a valid file: an expert, and a router when there is
     * more than one. A grid in progress (no expert yet, or experts without their router) is a valid file
     * that the runtime refuses to open with this message.
     */
    public static void checkRunnable(GridSpec spec, String source) {
        if (spec.experts().isEmpty()) {
            throw new BadInputException(source + ": the grid has no expert yet; add one (nanogrid grid add GRID "
                    + "MODEL, or Import ONNX model in the workbench)");
        }
        if (spec.router() == null && spec.experts().size() > 1) {
            throw new BadInputException(source + ": the grid has " + spec.experts().size() + " experts and no router "
                    + "yet; train one (nanogrid router train GRID, or New router in the workbench)");
        }
    }

    /** Every problem, as "field.path: what is wrong". */
    public static List<String> problems(GridSpec spec) {
        GridValidator v = new GridValidator();
        v.grid(spec);
        return v.problems;
    }

    /** Problems of one input adapter spec, with {@code path} as the field prefix. */
    public static List<String> problems(InputSpec input, String path) {
        GridValidator v = new GridValidator();
        v.input(input, path);
        return v.problems;
    }

    /** Problems of one output decoder spec, with {@code path} as the field prefix. */
    public static List<String> problems(OutputSpec output, String path) {
        GridValidator v = new GridValidator();
        v.output(output, path);
        return v.problems;
    }

    private void check(boolean ok, String path, String message) {
        if (!ok) {
            problems.add(path + ": " + message);
        }
    }

    private void grid(GridSpec g) {
        check(g.name() != null && !g.name().isBlank(), "name", "is required");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < g.experts().size(); i++) {
            ExpertSpec e = g.experts().get(i);
            String p = "experts[" + i + "]";
            if (e == null) {
                problems.add(p + ": is null");
                continue;
            }
            if (e.id() == null || !ID.matcher(e.id()).matches()) {
                problems.add(p + ".id: expected letters, digits, '_', '.' or '-' (1-64 characters), got "
                        + quote(e.id()));
            } else if (e.id().equals(GridSpec.ROUTER_NODE) || e.id().equals(GridSpec.FALLBACK_NODE)
                    || e.id().equals(GridSpec.ENCODER_NODE)) {
                problems.add(p + ".id: '" + e.id() + "' is reserved for the canvas; choose another id");
            } else if (!ids.add(e.id())) {
                problems.add(p + ".id: '" + e.id() + "' is used by another expert");
            }
            check(e.model() != null && !e.model().isBlank(), p + ".model", "is required (a path to an .onnx file)");
            check(e.timeoutMs() == null || e.timeoutMs() >= 0, p + ".timeoutMs", "must be >= 0 (0 = no limit)");
            check(e.threshold() == null || e.threshold() >= 0 && e.threshold() <= 1, p + ".threshold",
                    "must be between 0 and 1, got " + e.threshold());
            if (e.input() != null) {
                input(e.input(), p + ".input");
                encoded(g, e.input(), p + ".input");
            }
            if (e.output() != null) {
                output(e.output(), p + ".output");
            }
            if (e.data() != null) {
                data(e.data(), p + ".data");
            }
        }
        router(g, ids);
        if (g.router() != null && g.router().input() != null) {
            encoded(g, g.router().input(), "router.input");
        }
        EncoderSpec enc = g.encoder();
        if (enc != null) {
            check(enc.model() != null && !enc.model().isBlank(), "encoder.model", "is required (a path to an .onnx "
                    + "file)");
            if (enc.input() == null) {
                problems.add("encoder.input: is required (an hf-tokenizer adapter with the encoder's tokenizer.json)");
            } else {
                input(enc.input(), "encoder.input");
            }
            output(enc.output(), "encoder.output");
        }
        ResilienceSpec r = g.resilience();
        check(r.timeoutMs() >= 0, "resilience.timeoutMs", "must be >= 0 (0 = no limit)");
        check(r.breakerFailures() >= 1, "resilience.breakerFailures", "must be >= 1");
        check(r.breakerCoolDownMs() >= 0, "resilience.breakerCoolDownMs", "must be >= 0");
        for (String node : g.layout().keySet()) {
            check(ids.contains(node) || node.equals(GridSpec.ROUTER_NODE) || node.equals(GridSpec.FALLBACK_NODE)
                    || node.equals(GridSpec.ENCODER_NODE), "layout." + node, "no node has this id (expected router, "
                    + "fallback, encoder or an expert id)");
        }
    }

    /** An expert's labelled data: where it is and how it is read (whether it is there is the labs' to say). */
    private void data(ExpertData d, String p) {
        if (d.train() == null) {
            problems.add(p + ".train: is required (the expert's labelled data)");
        } else {
            source(d.train(), p + ".train");
        }
        if (d.test() != null) {
            source(d.test(), p + ".test");
        }
        check(d.testSplit() == null || d.testSplit() > 0 && d.testSplit() < 1, p + ".testSplit",
                "must be between 0 and 1 (exclusive), got " + d.testSplit());
    }

    private void source(DataSource s, String p) {
        check(s.path() != null && !s.path().isBlank(), p + ".path", "is required (a file or folder, relative to the "
                + "grid file)");
        check(s.reader() == null || DATA_READERS.contains(s.reader()), p + ".reader", "expected one of "
                + sorted(DATA_READERS) + " (none reads a table), got "
                + quote(s.reader()));
        if (DataSource.IDX.equals(s.reader()) || DataSource.NPY.equals(s.reader())) {
            check(s.labels() != null && !s.labels().isBlank(), p + ".labels", "is required with reader '"
                    + s.reader() + "' (the label file beside the inputs)");
        }
        if (DataSource.FEATURES.equals(s.reader())) {
            check(s.features() != null && !s.features().isEmpty(), p + ".features", "is required with reader "
                    + "'features' (the feature columns)");
        }
        check(s.rows() == null || s.rows().equals("even") || s.rows().equals("odd"), p + ".rows",
                "expected \"even\", \"odd\" or null, got " + quote(s.rows()));
    }

    private void router(GridSpec g, Set<String> ids) {
        RouterSpec r = g.router();
        if (r == null) {
            return;
        }
        check(r.model() != null && !r.model().isBlank(), "router.model", "is required (a path to an .onnx file)");
        check(!r.routes().isEmpty(), "router.routes", "a router needs at least one route");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.routes().size(); i++) {
            String route = r.routes().get(i);
            if (!ids.contains(route)) {
                problems.add("router.routes[" + i + "]: " + quote(route) + " is not an expert; expected one of "
                        + sorted(ids));
            } else if (!seen.add(route)) {
                problems.add("router.routes[" + i + "]: '" + route + "' is listed twice");
            }
        }
        check(r.threshold() >= 0 && r.threshold() <= 1, "router.threshold", "must be between 0 and 1, got "
                + r.threshold());
        check(r.fallback() == null || ids.contains(r.fallback()), "router.fallback",
                quote(r.fallback()) + " is not an expert; expected one of " + sorted(ids)
                        + ", or null to answer \"not sure\"");
        check(SCORES.contains(r.scores()), "router.scores", "expected one of " + sorted(SCORES) + ", got "
                + quote(r.scores()));
        if (r.input() != null) {
            input(r.input(), "router.input");
        }
    }

    private void input(InputSpec in, String p) {
        feeds(in, p);
        if (in instanceof TokenizerSpec t) {
            check(t.tokenizer() != null && !t.tokenizer().isBlank(), p + ".tokenizer",
                    "is required (a path to a tokenizer.json, relative to the grid file)");
            check(t.maxLength() >= 2, p + ".maxLength", "must be >= 2, got " + t.maxLength());
        } else if (in instanceof AudioSpec a) {
            check(a.sampleRate() >= 1000 && a.sampleRate() <= 384_000, p + ".sampleRate",
                    "expected a rate from 1000 to 384000 Hz, got " + a.sampleRate());
            check(a.frame() == null || a.frame() >= 1, p + ".frame", "must be >= 1");
            check(a.hop() == null || a.hop() >= 1, p + ".hop", "must be >= 1");
            check(a.hop() == null || a.frame() == null || a.hop() <= a.frame(), p + ".hop",
                    "must not be longer than the frame");
        } else if (in instanceof TextHashedNgramsSpec t) {
            check(t.buckets() >= 1, p + ".buckets", "must be >= 1, got " + t.buckets());
            check(t.hash().equals(TextHashedNgramsSpec.MURMUR3), p + ".hash",
                    "expected \"" + TextHashedNgramsSpec.MURMUR3 + "\", got " + quote(t.hash()));
            check(t.seed() >= 0 && t.seed() <= 0xFFFF_FFFFL, p + ".seed", "must be an unsigned 32-bit value");
            check(Set.of("NFKC", "NFC", "none").contains(t.normalization()), p + ".normalization",
                    "expected one of NFKC, NFC, none, got " + quote(t.normalization()));
            range(t.wordNgrams(), MAX_WORD_NGRAMS, p + ".wordNgrams");
            range(t.charNgrams(), MAX_CHAR_NGRAMS, p + ".charNgrams");
            check(!t.wordNgrams().isEmpty() || !t.charNgrams().isEmpty(), p,
                    "needs word n-grams, character n-grams or both");
            check(t.punctuation().equals(TextHashedNgramsSpec.PUNCTUATION_DROP)
                    || t.punctuation().equals(TextHashedNgramsSpec.PUNCTUATION_TOKENS), p + ".punctuation",
                    "expected \"drop\" or \"tokens\", got " + quote(t.punctuation()));
            check(t.maxChars() >= 1, p + ".maxChars", "must be >= 1");
            check(t.encoding().equals("ids") || t.encoding().equals("counts"), p + ".encoding",
                    "expected \"ids\" or \"counts\", got " + quote(t.encoding()));
            check(!t.encoding().equals("counts") || t.buckets() <= MAX_DENSE_BUCKETS, p + ".buckets",
                    "\"counts\" encoding makes a dense [1, buckets] tensor: at most " + MAX_DENSE_BUCKETS + " buckets");
        } else if (in instanceof ImageSpec i) {
            check(i.width() == null || i.width() >= 1, p + ".width", "must be >= 1");
            check(i.height() == null || i.height() >= 1, p + ".height", "must be >= 1");
            check(i.color() == null || i.color().equals("grey") || i.color().equals("rgb"), p + ".color",
                    "expected \"grey\" or \"rgb\", got " + quote(i.color()));
            check(i.layout() == null || Set.of("NCHW", "NHWC", "NHW", "flat").contains(i.layout()), p + ".layout",
                    "expected one of NCHW, NHWC, NHW, flat, got " + quote(i.layout()));
            check(i.scale() == null || Double.isFinite(i.scale()), p + ".scale", "must be a finite number");
            check(i.mean() == null || i.mean().size() == 1 || i.mean().size() == 3, p + ".mean",
                    "expected 1 value, or 3 for rgb");
            check(i.std() == null || i.std().size() == 1 || i.std().size() == 3, p + ".std",
                    "expected 1 value, or 3 for rgb");
            check(i.std() == null || i.std().stream().allMatch(s -> s != null && s > 0), p + ".std",
                    "values must be > 0");
        }
    }

    private void output(OutputSpec out, String p) {
        if (out instanceof LabelsSpec l) {
            check(SCORES.contains(l.scores()), p + ".scores", "expected one of " + sorted(SCORES) + ", got "
                    + quote(l.scores()));
            labels(l.labels(), p + ".labels");
            check(l.threshold() == null || l.threshold() > 0 && l.threshold() < 1, p + ".threshold",
                    "must be between 0 and 1, got " + l.threshold());
        } else if (out instanceof MultiLabelSpec m) {
            check(MULTI_SCORES.contains(m.scores()), p + ".scores", "expected one of " + sorted(MULTI_SCORES)
                    + ", got " + quote(m.scores()));
            labels(m.labels(), p + ".labels");
            check(m.threshold() > 0 && m.threshold() < 1, p + ".threshold", "must be between 0 and 1, got "
                    + m.threshold());
        } else if (out instanceof EmbeddingSpec e) {
            check(POOLING.contains(e.pooling()), p + ".pooling", "expected one of " + sorted(POOLING) + ", got "
                    + quote(e.pooling()));
        } else if (out instanceof ValuesSpec v) {
            labels(v.names(), p + ".names");
        }
    }

    /** A head on the encoder needs the grid to have one. */
    private void encoded(GridSpec g, InputSpec in, String p) {
        if (in instanceof EncodedSpec && g.encoder() == null) {
            problems.add(p + ": kind \"encoder\" takes the grid's encoder's embedding, but the grid has no encoder");
        }
    }

    private void labels(List<String> labels, String p) {
        if (labels != null) {
            check(!labels.isEmpty(), p, "must not be empty (or leave it out)");
            check(labels.stream().allMatch(l -> l != null && !l.isEmpty()), p, "has an empty name");
            check(new HashSet<>(labels).size() == labels.size(), p, "has a duplicate name");
        }
    }

    /** Constant inputs must be well-formed tensors; state must name an input and an output each. */
    private void feeds(InputSpec in, String p) {
        if (in.constants() != null) {
            in.constants().forEach((name, v) -> {
                String q = p + ".constants." + name;
                if (v == null) {
                    problems.add(q + ": is null");
                    return;
                }
                check(v.type() == null || ELEMENT_TYPES.contains(v.type()), q + ".type", "expected one of "
                        + sorted(ELEMENT_TYPES) + " (or leave it out for the input's own), got " + quote(v.type()));
                long n = 1;
                boolean dims = true;
                for (Long d : v.shape() != null ? v.shape() : List.of((long) v.data().size())) {
                    dims &= d != null && d >= 0;
                    n *= d != null && d >= 0 ? d : 1;
                }
                check(dims, q + ".shape", "dimensions must be whole numbers >= 0");
                check(!dims || n == v.data().size(), q + ".data", "has " + v.data().size() + " values for shape "
                        + v.shape());
            });
        }
        if (in.state() != null) {
            in.state().forEach((input, output) -> check(output != null && !output.isBlank(), p + ".state." + input,
                    "expected the name of the output that feeds it"));
            if (in.constants() != null) {
                in.state().keySet().stream().filter(in.constants()::containsKey).findFirst().ifPresent(name ->
                        problems.add(p + ".state." + name + ": is a constant too"));
            }
        }
    }

    private void range(List<Integer> r, int max, String p) {
        if (r.isEmpty()) {
            return;
        }
        boolean ok = r.size() == 2 && r.get(0) != null && r.get(1) != null && r.get(0) >= 1 && r.get(0) <= r.get(1)
                && r.get(1) <= max;
        check(ok, p, "expected [min, max] with 1 <= min <= max <= " + max + ", or [] for none, got " + r);
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    private static String sorted(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
