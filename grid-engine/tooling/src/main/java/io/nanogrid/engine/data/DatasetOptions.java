package io.nanogrid.engine.data;

/**
 * How to read a text dataset.
 *
 * @param textColumn  column with the text: a header name (case-insensitive) or, without a header, a
 *                    0-based index; default "text" (index 0)
 * @param labelColumn column with the label; default "label" (index 1)
 * @param routeColumn column with the expected route; null to use a "route" column if there is one
 * @param header      whether the first line of a TSV/CSV file is a header
 * @param skipBad     skip malformed lines (each is reported) instead of refusing the file
 * @param limit       read at most this many examples; 0 for all
 * @param emptyText   whether an empty text is a valid example (it is a valid request for evaluation,
 *                    but nothing to learn from for training)
 */
public record DatasetOptions(String textColumn, String labelColumn, String routeColumn, boolean header,
        boolean skipBad, int limit, boolean emptyText) {
    public DatasetOptions(String textColumn, String labelColumn, String routeColumn, boolean header, boolean skipBad,
            int limit) {
        this(textColumn, labelColumn, routeColumn, header, skipBad, limit, true);
    }

    public DatasetOptions {
        textColumn = textColumn != null ? textColumn : header ? "text" : "0";
        labelColumn = labelColumn != null ? labelColumn : header ? "label" : "1";
    }

    public static DatasetOptions defaults() {
        return new DatasetOptions(null, null, null, true, false, 0);
    }

    public DatasetOptions withLimit(int n) {
        return new DatasetOptions(textColumn, labelColumn, routeColumn, header, skipBad, n, emptyText);
    }

    /** For training: an empty text is a malformed line. */
    public DatasetOptions forTraining() {
        return new DatasetOptions(textColumn, labelColumn, routeColumn, header, skipBad, limit, false);
    }
}
