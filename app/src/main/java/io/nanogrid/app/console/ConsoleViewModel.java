package io.nanogrid.app.console;

import io.nanogrid.app.models.GridSession;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.decode.TensorAnswer;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.runtime.GridResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The test console: a request in, the grid's answer out, and a history of what was asked. */
public final class ConsoleViewModel {
    /** One line of the history. */
    public record Entry(String request, String route, String answer, double totalMicros, boolean degraded) {
    }

    private final GridSession session;
    private final StringProperty text = new SimpleStringProperty("");
    private final ObjectProperty<GridResponse> last = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final ObservableList<Entry> history = FXCollections.observableArrayList();

    public ConsoleViewModel(GridSession session) {
        this.session = session;
    }

    public StringProperty text() {
        return text;
    }

    public ObjectProperty<GridResponse> last() {
        return last;
    }

    public StringProperty error() {
        return error;
    }

    public BooleanProperty busy() {
        return busy;
    }

    public ObservableList<Entry> history() {
        return history;
    }

    /** True when Send can do something. */
    public BooleanBinding canSend() {
        return Bindings.createBooleanBinding(() -> !busy.get() && !text.get().isBlank()
                && session.gridProperty().get() != null, busy, text, session.gridProperty());
    }

    public void sendText() {
        if (!text.get().isBlank()) {
            send(new TextRequest(text.get()), text.get());
        }
    }

    public void sendImage(Path file) {
        try {
            send(new ImageRequest(Images.read(file)), "image " + file.getFileName());
        } catch (RuntimeException e) {
            error.set(e.getMessage());
        }
    }

    private void send(Request request, String shown) {
        busy.set(true);
        error.set(null);
        session.send(request, r -> {
            busy.set(false);
            last.set(r);
            history.add(0, new Entry(shown, r.route(), answer(r), r.timings().total(), r.degraded()));
        }, e -> {
            busy.set(false);
            error.set(e.getMessage());
        });
    }

    /** The answer as one short line: "spam (0.99)", "not sure", or the error. */
    public static String answer(GridResponse r) {
        if (r.result() instanceof LabelAnswer a) {
            return String.format(Locale.ROOT, "%s (%.2f)", a.label(), a.score());
        }
        if (r.result() instanceof TensorAnswer t) {
            return "tensor " + Arrays.toString(t.shape());
        }
        if (r.error() != null) {
            return r.error().code().wireName() + ": " + r.error().message();
        }
        return "not sure";
    }
}
