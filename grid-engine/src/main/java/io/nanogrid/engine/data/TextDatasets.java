package io.nanogrid.engine.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.nanogrid.common.BadInputException;
import io.nanogrid.engine.features.TextRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads labelled text: TSV (tab-separated, no quoting), CSV (RFC 4180, via Commons CSV) and JSONL
 * ({"text": ..., "label": ...} a line). A malformed line is reported with its line number; with
 * skipBad it is skipped and listed, otherwise the file is refused.
 */
public final class TextDatasets {
    private TextDatasets() {
    }

    public static Dataset read(Path file, DatasetOptions options) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("cannot read data " + file + ": file not found");
        }
        try {
            if (name.endsWith(".csv")) {
                return csv(file, options);
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                return jsonl(file, options);
            }
            return tsv(file, options);
        } catch (CharacterCodingException e) {
            throw new BadInputException("cannot read data " + file + ": not valid UTF-8 text");
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read data " + file + ": file not found");
        } catch (IOException e) {
            throw new BadInputException("cannot read data " + file + ": " + e.getMessage(), e);
        }
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
                throw new BadInputException("cannot read data " + file + ": no examples"
                        + (skipped.isEmpty() ? "" : " (" + skipped.size() + " malformed lines skipped)"));
            }
            return new Dataset(file.toString(), examples, skipped);
        }
    }

    private static Dataset tsv(Path file, DatasetOptions o) throws IOException {
        Sink sink = new Sink(file, o);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            int[] cols = null;
            int width = -1;
            while ((line = readLine(r, file, n)) != null && !sink.full()) {
                n++;
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

    private static String readLine(BufferedReader r, Path file, long linesRead) throws IOException {
        try {
            String line = r.readLine();
            return line != null && line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + " line " + (linesRead + 1) + ": not valid UTF-8 text");
        }
    }

    private static String field(String[] f, int i) {
        return i < f.length ? f[i] : null;
    }

    private static Dataset csv(Path file, DatasetOptions o) throws IOException {
        Sink sink = new Sink(file, o);
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            int[] cols = null;
            int width = -1;
            for (CSVRecord rec : parser) {
                if (sink.full()) {
                    break;
                }
                List<String> f = rec.toList();
                long line = parser.getCurrentLineNumber();
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
        } catch (java.io.UncheckedIOException e) {
            throw new BadInputException(file + ": malformed CSV: " + e.getCause().getMessage());
        }
        return sink.done();
    }

    private static Dataset jsonl(Path file, DatasetOptions o) throws IOException {
        Sink sink = new Sink(file, o);
        String textKey = o.header() ? o.textColumn() : "text";
        String labelKey = o.header() ? o.labelColumn() : "label";
        String routeKey = o.routeColumn() != null ? o.routeColumn() : "route";
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = readLine(r, file, n)) != null && !sink.full()) {
                n++;
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
        int text = find(header, o.textColumn());
        int label = find(header, o.labelColumn());
        int route = find(header, o.routeColumn() != null ? o.routeColumn() : "route");
        if (text < 0) {
            throw new BadInputException(file + " line 1: no column '" + o.textColumn() + "' in header " + header
                    + "; use --text-column");
        }
        if (label < 0) {
            throw new BadInputException(file + " line 1: no column '" + o.labelColumn() + "' in header " + header
                    + "; use --label-column");
        }
        if (o.routeColumn() != null && route < 0) {
            throw new BadInputException(file + " line 1: no column '" + o.routeColumn() + "' in header " + header);
        }
        return new int[] {text, label, route};
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
