package io.nanogrid.app.widgets;

import javafx.scene.control.TableColumn;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/** Table columns never narrower than their header: a header cut to "held ..." tells the user nothing. */
public final class Columns {
    /** Room beside the header's text: the label's padding and the sort arrow. */
    static final double HEADER_PADDING = 34;

    private Columns() {
    }

    /** The width the header's text needs, in the bold header font, with room for the sort arrow. */
    public static double headerWidth(String title) {
        Font base = Font.getDefault();
        // the theme's headers are bold at about the default size; measured a size larger to stay on the safe side
        Text text = new Text(title);
        text.setFont(Font.font(base.getFamily(), FontWeight.BOLD, base.getSize() + 1));
        return Math.ceil(text.getLayoutBounds().getWidth() + HEADER_PADDING);
    }

    /** Sets the column's preferred width, and its minimum to what the header needs. */
    public static <S, T> TableColumn<S, T> size(TableColumn<S, T> column, double width) {
        double header = headerWidth(column.getText());
        column.setMinWidth(header);
        column.setPrefWidth(Math.max(width, header));
        return column;
    }
}
