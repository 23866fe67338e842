package io.nanogrid.app.inspector;

import atlantafx.base.theme.Styles;
import java.util.Optional;
import java.util.function.Function;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import org.controlsfx.property.editor.PropertyEditor;

/**
 * A text row that applies its text when the person is done (Enter, or leaving the field), not at each keystroke:
 * ControlsFX's own text editor sets the value on every change, so a row checked as a whole (a JSON adapter, one
 * label per output column) refused each half-typed text and was reset before it could be finished. A refusal
 * stays at the field: the typed text is kept, the field is marked and its tooltip says why; Escape goes back to
 * the grid's value.
 */
final class CommittedTextEditor implements PropertyEditor<String> {
    private final TextField field = new TextField();
    private final Function<String, Optional<String>> apply;
    private final String description;
    private String applied;

    /** @param apply applies a text; answers why it was refused, or empty when applied */
    CommittedTextEditor(String value, String description, Function<String, Optional<String>> apply) {
        this.apply = apply;
        this.description = description;
        this.applied = value;
        field.setText(value);
        field.setTooltip(new Tooltip(description));
        field.setOnAction(e -> commit());
        field.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                commit();
            }
        });
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                setValue(applied);
                e.consume();
            }
        });
    }

    private void commit() {
        String text = field.getText();
        if (text.equals(applied)) {
            return;
        }
        Optional<String> refused = apply.apply(text);
        if (refused.isPresent()) {
            field.pseudoClassStateChanged(Styles.STATE_DANGER, true); // AtlantaFX's red border
            field.getTooltip().setText("Not applied: " + refused.get() + "\n(Escape goes back to the grid's value)");
        } else {
            applied = text;
            clearRefusal();
        }
    }

    private void clearRefusal() {
        field.pseudoClassStateChanged(Styles.STATE_DANGER, false);
        field.getTooltip().setText(description);
    }

    @Override
    public Node getEditor() {
        return field;
    }

    @Override
    public String getValue() {
        return field.getText();
    }

    @Override
    public void setValue(String value) {
        applied = value;
        field.setText(value);
        clearRefusal();
    }
}
