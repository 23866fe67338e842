package io.nanogrid.engine.data;

import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.DataFiles;
import io.nanogrid.files.IoReasons;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A numeric table as a dataset (iris.csv): chosen feature columns become a float tensor [k] per row,
 * a label column its label. CSV or TSV (by the first line's separators), with a header.
 */
public final class FeatureTables {
    private FeatureTables() {
    }

    public static Dataset read(Path file, List<String> features, String labelColumn, int limit) {
        if (features == null || features.isEmpty()) {
            throw new BadInputException(file + ": name the feature columns (--features a,b,c)");
        }
        String label = labelColumn != null ? labelColumn : "label";
        DataFiles.requireFile(file);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first;
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                first = lines.findFirst().orElse("");
            }
            char sep = first.indexOf('\t') >= 0 ? '\t' : first.indexOf(';') >= 0 && first.indexOf(',') < 0 ? ';' : ',';
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(sep).setHeader().setSkipHeaderRecord(true)
                    .setIgnoreSurroundingSpaces(true).get();
            try (CSVParser p = CSVParser.parse(r, format)) {
                Map<String, Integer> header = p.getHeaderMap();
                for (String c : features) {
                    if (!header.containsKey(c)) {
                        throw new BadInputException(file + ": no column '" + c + "'; the header has "
                                + header.keySet());
                    }
                }
                if (!header.containsKey(label)) {
                    throw new BadInputException(file + ": no label column '" + label + "'; the header has "
                            + header.keySet() + " (--label NAME)");
                }
                List<Example> out = new ArrayList<>();
                for (CSVRecord rec : p) {
                    if (limit > 0 && out.size() >= limit) {
                        break;
                    }
                    if (rec.size() == 1 && rec.get(0).isBlank()) {
                        continue;
                    }
                    float[] x = new float[features.size()];
                    for (int i = 0; i < x.length; i++) {
                        String v = rec.isSet(features.get(i)) ? rec.get(features.get(i)) : "";
                        try {
                            x[i] = Float.parseFloat(v);
                        } catch (NumberFormatException e) {
                            throw new BadInputException(file + ": line " + (rec.getRecordNumber() + 1) + ", column '"
                                    + features.get(i) + "': '" + v + "' is not a number");
                        }
                    }
                    String y = rec.isSet(label) ? rec.get(label) : "";
                    if (y.isEmpty()) {
                        throw new BadInputException(file + ": line " + (rec.getRecordNumber() + 1) + " has no label");
                    }
                    out.add(new Example(new TensorRequest(new FloatTensor(new long[] {x.length}, x)), y, null,
                            out.size()));
                }
                return new Dataset(file.toString(), out, List.of());
            }
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof BadInputException b) {
                throw b;
            }
            throw new BadInputException("cannot read " + file + ": " + (e instanceof IOException io ? IoReasons.of(io)
                    : e.getMessage()), e);
        }
    }
}
