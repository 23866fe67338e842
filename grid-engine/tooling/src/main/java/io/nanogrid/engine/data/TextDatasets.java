package io.nanogrid.engine.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.DataFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads labelled text: TSV (tab-separated, no quoting), CSV (RFC 4180, via Commons CSV) and JSONL
 * ({"text": ..., "label": ...} a line). A malformed line, or one that is not UTF-8, is reported with
 * its line number; with skipBad it is skipped and listed, otherwise the file is refused.
 */
public final class TextDatasets {
    private static final String NOT_UTF8 = "not valid UTF-8";
    /** What a missing column may mean: the first line is data, not a header. */
    private static final String NO_HEADER = ", or --no-header if the file has no header line (its columns are then "
            + "numbers from 0: text 0, label 1)";

    private TextDatasets() {
    }

    public static Dataset read(Path file, DatasetOptions options) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        DataFiles.requireFile(file);
        try {
            if (name.endsWith(".csv")) {
                return csv(file, options);
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                return jsonl(file, options);
            }
            return tsv(file, options);
        } catch (IOException e) {
            throw DataFiles.unreadable(file, e);
        }
    }

    /**
     * Reads unlabelled text, one example a line (labels null). Empty lines are listed as skipped, and
     * so are lines that are not UTF-8 with skipBad.
     */
    public static Dataset lines(Path file, DatasetOptions options) {
        DataFiles.requireFile(file);
        Sink sink = new Sink(file, options);
        try (Utf8Lines lines = new Utf8Lines(file)) {
            String line;
            while (!sink.full() && (line = lines.next()) != null) {
                long n = lines.number();
                if (!lines.valid()) {
                    sink.bad(n, NOT_UTF8);
                } else if (line.isBlank()) {
                    sink.skipped.add(file + " line " + n + ": empty line");
                } else {
                    sink.examples.add(new Example(new TextRequest(line.strip()), null, null, n));
                }
            }
        } catch (IOException e) {
            throw DataFiles.unreadable(file, e);
        }
        return sink.done();
    }

    /** Collects examples and problems with the file name and line number. */
    private static final class Sink {
        final Path file;
        final DatasetOptions options;
        final List<Example> examples = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();

        Sink(Path file, DatasetOptions options) {
            this.file = file;
            this.options = options;
        }

        boolean full() {
            return options.limit() > 0 && examples.size() >= options.limit();
        }

        void bad(long line, String why) {
            String message = file + " line " + line + ": " + why;
            if (!options.skipBad()) {
                throw new BadInputException(message + " (use --skip-bad to skip such lines)");
            }
            skipped.add(message);
        }

        /** A line that is not UTF-8 is malformed; the header cannot be skipped, though. */
        void badText(long line, boolean header) {
            if (header) {
                throw new BadInputException(file + " line " + line + ": " + NOT_UTF8 + " (the header line)");
            }
            bad(line, NOT_UTF8);
        }

        void add(long line, String text, String label, String route) {
            if (label == null || label.isBlank()) {
                bad(line, "empty label");
            } else if (text == null) {
                bad(line, "no text");
            } else if (!options.emptyText() && text.isBlank()) {
                bad(line, "empty text (nothing to learn from)");
            } else {
                examples.add(new Example(new TextRequest(text), label.strip(),
                        route == null || route.isBlank() ? null : route.strip(), line));
            }
        }

        Dataset done() {
            if (examples.isEmpty()) {
                throw new BadInputException(file + ": no examples"
                        + (skipped.isEmpty() ? "" : " (" + skipped.size() + " malformed lines skipped)"));
            }
            return new Dataset(file.toString(), examples, skipped);
        }
    }

    private static Dataset tsv(Path file, DatasetOptions o) throws IOException {
        Sink sink = new Sink(file, o);
        try (Utf8Lines lines = new Utf8Lines(file)) {
            String line;
            int[] cols = null;
            int width = -1;
            while (!sink.full() && (line = lines.next()) != null) {
                long n = lines.number();
                if (!lines.valid()) {
                    sink.badText(n, cols == null && o.header());
                    continue;
                }
                if (line.isEmpty()) {
                    sink.skipped.add(file + " line " + n + ": empty line");
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (cols == null) {
                    if (o.header()) {
                        cols = columns(Arrays.asList(f), o, file);
                        width = f.length;
                        continue;
                    }
                    cols = indices(o, file);
                    width = f.length;
                }
                if (f.length != width) {
                    sink.bad(n, "expected " + width + " tab-separated fields, found " + f.length);
                    continue;
                }
                sink.add(n, field(f, cols[0]), field(f, cols[1]), cols[2] >= 0 ? field(f, cols[2]) : null);
            }
        }
        return sink.done();
    }

    private static String field(String[] f, int i) {
        return i < f.length ? f[i] : null;
    }

    private static Dataset csv(Path file, DatasetOptions o) throws IOException {
        Sink sink = new Sink(file, o);
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (CheckedReader reader = new CheckedReader(new Utf8Lines(file));
                CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            int[] cols = null;
            int width = -1;
            for (CSVRecord rec : parser) {
                if (sink.full()) {
                    break;
                }
                List<String> f = rec.toList();
                long line = parser.getCurrentLineNumber();
                Long notText = reader.badLineUpTo(line);
                if (notText != null) {
                    sink.badText(notText, cols == null && o.header());
                    continue;
                }
                if (cols == null) {
                    width = f.size();
                    if (o.header()) {
                        cols = columns(f, o, file);
                        continue;
                    }
                    cols = indices(o, file);
                }
                if (f.size() != width) {
                    sink.bad(line, "expected " + width + " comma-separated fields, found " + f.size());
                    continue;
                }
                String[] a = f.toArray(new String[0]);
                sink.add(line, field(a, cols[0]), field(a, cols[1]), cols[2] >= 0 ? field(a, cols[2]) : null);
            }
        } catch (UncheckedIOException e) {
            throw new BadInputException(file + ": malformed CSV: " + e.getCause().getMessage());
        }
        return sink.done();
    }

    /**
     * Feeds the CSV parser the file's lines with their own line ends, noting the lines that are not
     * UTF-8 (passed on with U+FFFD, so that the records keep their shape).
     */
    private static final class CheckedReader extends Reader {
        private final Utf8Lines lines;
        private final Deque<Long> bad = new ArrayDeque<>();
        private String pending = "";
        private int pos;

        CheckedReader(Utf8Lines lines) {
            this.lines = lines;
        }

        @Override
        public int read(char[] into, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos == pending.length()) {
                String line = lines.next();
                if (line == null) {
                    return -1;
                }
                if (!lines.valid()) {
                    bad.add(lines.number());
                }
                pending = line + lines.ending();
                pos = 0;
            }
            int n = Math.min(len, pending.length() - pos);
            pending.getChars(pos, pos + n, into, off);
            pos += n;
            return n;
        }

        /** The first line not UTF-8 up to this line, if any (the others up to it belong to the same record). */
        Long badLineUpTo(long line) {
            Long first = null;
            while (!bad.isEmpty() && bad.peek() <= line) {
                Long l = bad.poll();
                first = first != null ? first : l;
            }
            return first;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    private static Dataset jsonl(Path file, DatasetOptions o) throws IOException {
        Sink sink = new Sink(file, o);
        String textKey = o.header() ? o.textColumn() : "text";
        String labelKey = o.header() ? o.labelColumn() : "label";
        String routeKey = o.routeColumn() != null ? o.routeColumn() : "route";
        try (Utf8Lines lines = new Utf8Lines(file)) {
            String line;
            while (!sink.full() && (line = lines.next()) != null) {
                long n = lines.number();
                if (!lines.valid()) {
                    sink.bad(n, NOT_UTF8);
                    continue;
                }
                if (line.isBlank()) {
                    sink.skipped.add(file + " line " + n + ": empty line");
                    continue;
                }
                JsonObject obj;
                try {
                    JsonElement e = JsonParser.parseString(line);
                    if (!e.isJsonObject()) {
                        sink.bad(n, "expected a JSON object");
                        continue;
                    }
                    obj = e.getAsJsonObject();
                } catch (JsonParseException e) {
                    sink.bad(n, "not valid JSON");
                    continue;
                }
                String text = string(obj, textKey);
                if (text == null) {
                    sink.bad(n, "no \"" + textKey + "\" field");
                    continue;
                }
                sink.add(n, text, string(obj, labelKey), string(obj, routeKey));
            }
        }
        return sink.done();
    }

    private static String string(JsonObject obj, String key) {
        JsonElement e = obj.get(key);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    /** Column positions [text, label, route] from a header row. */
    private static int[] columns(List<String> header, DatasetOptions o, Path file) {
        refuseNumbers(header, o, file);
        int text = find(header, o.textColumn());
        int label = find(header, o.labelColumn());
        int route = find(header, o.routeColumn() != null ? o.routeColumn() : "route");
        if (text < 0) {
            throw new BadInputException(file + " line 1: no column '" + o.textColumn() + "' in header "
                    + shown(header) + "; use --text-column NAME" + NO_HEADER);
        }
        if (label < 0) {
            throw new BadInputException(file + " line 1: no column '" + o.labelColumn() + "' in header "
                    + shown(header) + "; use --label-column NAME" + NO_HEADER);
        }
        if (o.routeColumn() != null && route < 0) {
            throw new BadInputException(file + " line 1: no column '" + o.routeColumn() + "' in header "
                    + shown(header));
        }
        return new int[] {text, label, route};
    }

    /** A column given as a number is a position, which only a file without a header has; a header names columns. */
    private static void refuseNumbers(List<String> header, DatasetOptions o, Path file) {
        String[][] given = {{"--text-column", o.textColumn()}, {"--label-column", o.labelColumn()},
            {"--route-column", o.routeColumn()}};
        for (String[] g : given) {
            if (g[1] != null && g[1].strip().matches("\\d+") && find(header, g[1]) < 0) {
                throw new BadInputException(file + ": " + g[0] + " " + g[1] + " is a column number, which needs "
                        + "--no-header; with a header line, give a column name (line 1 reads " + shown(header) + ")");
            }
        }
    }

    /** The header as a message shows it: a field that is a whole sentence (a data line) is cut short. */
    private static String shown(List<String> header) {
        return header.stream().map(h -> h.length() > 40 ? h.substring(0, 37) + "..." : h).toList().toString();
    }

    private static int find(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static int[] indices(DatasetOptions o, Path file) {
        try {
            int route = o.routeColumn() != null ? Integer.parseInt(o.routeColumn()) : -1;
            return new int[] {Integer.parseInt(o.textColumn()), Integer.parseInt(o.labelColumn()), route};
        } catch (NumberFormatException e) {
            throw new BadInputException(file + ": without a header, columns are 0-based numbers, not '"
                    + o.textColumn() + "'/'" + o.labelColumn() + "'");
        }
    }
}
