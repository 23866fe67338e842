package io.nanogrid.app.routerlab;

import io.nanogrid.engine.data.Dataset;
import io.nanogrid.engine.data.DatasetOptions;
import io.nanogrid.engine.data.Example;
import io.nanogrid.engine.data.TextDatasets;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.files.AtomicFiles;
import io.nanogrid.files.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's requests on disk: a file they load (TSV, CSV or JSONL with a text column and, when they know it, a
 * route column), and the labelled ones kept beside the grid as {@value #FILE_NAME} (columns text and route, the
 * same file `nanogrid router train GRID --data` takes). Called off the FX thread.
 */
final class RequestFiles {
    /** The labelled requests of a grid, in the grid's folder. */
    static final String FILE_NAME = "router-requests.tsv";
    private static final String CLI_HINT = " (use --skip-bad to skip such lines)";

    private RequestFiles() {
    }

    /**
     * Reads a file of requests; a request that appears twice is kept once (a route given on a later line wins).
     * A problem names the file and the line.
     *
     * @param routes the routes a label may name, or null to take any (the grid's own file)
     */
    static List<UserRequest> read(Path file, Collection<String> routes) {
        Dataset d;
        try {
            d = TextDatasets.read(file, new DatasetOptions("text", "text", null, true, false, 0, false));
        } catch (BadInputException e) {
            throw new BadInputException(plain(e.getMessage()), e);
        }
        Map<String, UserRequest> out = new LinkedHashMap<>();
        for (Example e : d.examples()) {
            String text = ((TextRequest) e.request()).text().strip();
            String route = e.route();
            if (route != null && routes != null && !routes.contains(route)) {
                throw new BadInputException(file + " line " + e.line() + ": route '" + route + "' is not a route "
                        + "or an expert of the grid; expected one of " + routes);
            }
            UserRequest before = out.get(text);
            out.put(text, UserRequest.of(text, route != null ? route : before != null ? before.route() : null));
        }
        return new ArrayList<>(out.values());
    }

    /** Writes the labelled requests (text, route), atomically; tabs and line breaks in a text become spaces. */
    static void write(Path file, List<UserRequest> labelled) {
        StringBuilder s = new StringBuilder("text\troute\n");
        for (UserRequest r : labelled) {
            s.append(r.text().replaceAll("[\\t\\r\\n]+", " ")).append('\t').append(r.route()).append('\n');
        }
        AtomicFiles.write(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The labelled requests as the router's extra data (text, route), named for messages. */
    static Dataset dataset(String source, List<UserRequest> labelled) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < labelled.size(); i++) {
            UserRequest r = labelled.get(i);
            examples.add(new Example(new TextRequest(r.text()), r.route(), r.route(), i + 2));
        }
        return new Dataset(source, examples, List.of());
    }

    /** The reader's message without the command line's hints (the workbench has no such options). */
    private static String plain(String message) {
        String m = message.replace(CLI_HINT, "");
        int hint = m.indexOf("; use --text-column");
        if (hint >= 0) {
            m = m.substring(0, hint) + "; your requests need a header line with a column text (and route, when "
                    + "you know it)";
        }
        return m;
    }
}
