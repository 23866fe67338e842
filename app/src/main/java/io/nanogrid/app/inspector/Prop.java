package io.nanogrid.app.inspector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import org.controlsfx.control.PropertySheet;

/**
 * One row of the inspector: a value, and what happens when the user changes it (null for
 * read-only). Choice rows carry their choices; text rows apply their text as a whole and may refuse it
 * ({@link CommittedTextEditor}).
 */
final class Prop implements PropertySheet.Item {
    private final String category;
    private final String name;
    private final String description;
    private final Class<?> type;
    private Object value;
    private final Consumer<Object> onChange;
    private final List<String> choices;
    private Function<String, Optional<String>> text;

    Prop(String category, String name, String description, Class<?> type, Object value, Consumer<Object> onChange,
            List<String> choices) {
        this.category = category;
        this.name = name;
        this.description = description;
        this.type = type;
        this.value = value;
        this.onChange = onChange;
        this.choices = choices;
    }

    static Prop readOnly(String category, String name, String description, Object value) {
        return new Prop(category, name, description, String.class, value == null ? "" : String.valueOf(value), null,
                null);
    }

    static Prop editable(String category, String name, String description, Class<?> type, Object value,
            Consumer<Object> onChange) {
        return new Prop(category, name, description, type, value, onChange, null);
    }

    static Prop choice(String category, String name, String description, String value, List<String> choices,
            Consumer<Object> onChange) {
        return new Prop(category, name, description, String.class, value, onChange, choices);
    }

    /**
     * A text row applied when the person is done typing (Enter, or leaving the field).
     *
     * @param apply applies the text; answers why it was refused (nothing applied), or empty
     */
    static Prop text(String category, String name, String description, String value,
            Function<String, Optional<String>> apply) {
        Prop p = new Prop(category, name, description, String.class, value == null ? "" : value, v -> {
        }, null);
        p.text = apply;
        return p;
    }

    /** The same row showing the same value, editable or not alike, with the same choices. */
    boolean sameRow(Prop o) {
        return category.equals(o.category) && name.equals(o.name) && description.equals(o.description)
                && type == o.type && Objects.equals(value, o.value) && isEditable() == o.isEditable()
                && (text == null) == (o.text == null) && Objects.equals(choices, o.choices);
    }

    /** How a text row applies its text, or null for other rows. */
    Function<String, Optional<String>> text() {
        return text;
    }

    List<String> choices() {
        return choices;
    }

    @Override
    public Class<?> getType() {
        return type;
    }

    @Override
    public String getCategory() {
        return category;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public Object getValue() {
        return value;
    }

    @Override
    public void setValue(Object v) {
        if (onChange != null && v != null && !v.equals(value)) {
            value = v;
            onChange.accept(v);
        }
    }

    @Override
    public boolean isEditable() {
        return onChange != null;
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
        return Optional.empty();
    }
}
