package io.nanogrid.app.testing;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;

/**
 * Labels drawn cut short: a Labeled whose text node shows other text than the label holds ("held ..." for
 * "held out"). Call on the FX thread after a layout pulse.
 */
public final class Truncated {
    private Truncated() {
    }

    /** The texts of the visible labels under root (with the style class, or all when null) shown cut short. */
    public static List<String> labels(Parent root, String styleClass) {
        List<String> cut = new ArrayList<>();
        collect(root, styleClass, false, cut);
        return cut;
    }

    private static void collect(Node node, String styleClass, boolean inside, List<String> cut) {
        if (!node.isVisible()) {
            return;
        }
        boolean in = inside || styleClass == null || node.getStyleClass().contains(styleClass);
        if (in && node instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            for (Node child : l.getChildrenUnmodifiable()) {
                // a graphic can be text too (an icon font's glyph): only the label's own text node counts
                if (child instanceof Text t && child != l.getGraphic() && !l.getText().equals(t.getText())) {
                    cut.add(l.getText() + " (shown as \"" + t.getText() + "\")");
                }
            }
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                collect(child, styleClass, in, cut);
            }
        }
    }
}
