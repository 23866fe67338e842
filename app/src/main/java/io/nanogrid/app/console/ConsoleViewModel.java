package io.nanogrid.app.console;

import io.nanogrid.app.models.GridSession;
import io.nanogrid.engine.decode.EmbeddingAnswer;
import io.nanogrid.engine.decode.FramesAnswer;
import io.nanogrid.engine.decode.LabelAnswer;
import io.nanogrid.engine.decode.MultiLabelAnswer;
import io.nanogrid.engine.decode.TensorAnswer;
import io.nanogrid.engine.decode.ValuesAnswer;
import io.nanogrid.engine.features.Feeds;
import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.Images;
import io.nanogrid.engine.features.InputsRequest;
import io.nanogrid.engine.features.Request;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.features.TextRequest;
import io.nanogrid.engine.features.Wav;
import io.nanogrid.engine.model.ModelSignature;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.model.TensorDesc;
import io.nanogrid.engine.model.Value;
import io.nanogrid.engine.runtime.Grid;
import io.nanogrid.engine.runtime.GridResponse;
import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import io.nanogrid.onnx.ElementType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
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

    /** Why the grid cannot answer yet ("Cannot answer: no router yet: ..."), or "" when it can or is loading. */
    public StringBinding cannotAnswer() {
        return Bindings.createStringBinding(() -> session.gridProperty().get() == null
                && session.problemProperty().get() != null ? "Cannot answer: " + session.problemProperty().get() : "",
                session.gridProperty(), session.problemProperty());
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
        sendFile(file);
    }

    /** A file as a request, by its kind: an image (PNG, JPEG, BMP, GIF), a recording (WAV) or a tensor (.npy). */
    public void sendFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".wav")) {
                send(Wav.read(file, 0), "recording " + file.getFileName());
            } else if (name.endsWith(".npy")) {
                send(new TensorRequest(Npy.read(file)), "tensor " + file.getFileName());
            } else {
                send(new ImageRequest(Images.read(file)), "image " + file.getFileName());
            }
        } catch (RuntimeException e) {
            error.set(e.getMessage());
        }
    }

    /** True when the running grid's first model takes several named inputs (the console offers a file each). */
    public BooleanBinding takesNamedInputs() {
        return Bindings.createBooleanBinding(() -> !namedInputs().isEmpty(), session.gridProperty());
    }

    /**
     * The inputs a request fills when the grid's first model takes several (a file each: .npy, or text
     * for a string input); empty when it takes one.
     */
    public List<TensorDesc> namedInputs() {
        Grid g = session.gridProperty().get();
        if (g == null) {
            return List.of();
        }
        try {
            var stages = g.stages();
            ModelSignature sig = stages.entryModel().signature();
            List<TensorDesc> free = Feeds.of(stages.entryInput(), sig, "the grid's first model").free();
            return free.size() > 1 ? free : List.of();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * One request of several named inputs, a file each: a .npy tensor, or (for a string input) a text file
     * whose text is the value. Every input must be given; a name the model does not have is refused.
     */
    public void sendInputs(Map<String, Path> files) {
        try {
            List<TensorDesc> inputs = namedInputs();
            Map<String, Value> values = new LinkedHashMap<>();
            List<String> shown = new ArrayList<>();
            for (String name : files.keySet()) {
                if (inputs.stream().noneMatch(t -> t.name().equals(name))) {
                    throw new BadInputException("input '" + name + "': the model has no such input; expected one of "
                            + inputs.stream().map(TensorDesc::name).toList());
                }
            }
            for (TensorDesc in : inputs) {
                Path f = files.get(in.name());
                if (f == null) {
                    throw new BadInputException("input '" + in.name() + "' (" + in.describe() + "): choose a file");
                }
                values.put(in.name(), read(in, f));
                shown.add(in.name() + "=" + f.getFileName());
            }
            send(new InputsRequest(values), "inputs " + String.join(", ", shown));
        } catch (RuntimeException e) {
            error.set(e.getMessage());
        }
    }

    /** A .npy file as it is; any other file, for a string input, as one string of its text. */
    private static Value read(TensorDesc in, Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return Npy.read(file);
        }
        if (in.type() != ElementType.STRING) {
            throw new BadInputException("input '" + in.name() + "' is " + in.describe() + ": give a .npy file, not "
                    + file.getFileName());
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoReasons.of(e), e);
        }
        long[] shape = new long[Math.max(0, in.rank())];
        Arrays.fill(shape, 1);
        return new StringTensor(shape, new String[] {text});
    }

    private void send(Request request, String shown) {
        busy.set(true);
        error.set(null);
        session.send(request, r -> {
            busy.set(false);
            last.set(r);
            history.add(0, new Entry(shown, r.route() != null ? r.route() : "none", answer(r), r.timings().total(),
                    r.degraded()));
        }, e -> {
            busy.set(false);
            error.set(e.getMessage());
        });
    }

    /** Forgets the requests and answers of the grid shown before: a new or opened grid starts a clean console. */
    public void clear() {
        history.clear();
        last.set(null);
        error.set(null);
        text.set("");
    }

    /**
     * Where the request went, as one line: "route: music (router chose music, confidence 0.912)", or, when no
     * route answered (refused, the router or encoder failed with no fallback), "not routed: what went wrong".
     */
    public static String route(GridResponse r) {
        if (r.route() == null) {
            return r.error() != null ? "not routed: " + (r.refused() ? "the request was refused"
                    : r.error().code().wireName()) : "not routed";
        }
        if (r.routerChoice() != null) {
            return String.format(Locale.ROOT, "route: %s (router chose %s, confidence %.3f)%s", r.route(),
                    r.routerChoice(), r.confidence(), r.fallback() ? " - below the threshold" : "");
        }
        return "route: " + r.route();
    }

    /** The answer as one short line: "spam (0.99)", "not sure", or the error. */
    public static String answer(GridResponse r) {
        if (r.result() instanceof LabelAnswer a) {
            return String.format(Locale.ROOT, "%s (%.2f)", a.label(), a.score());
        }
        if (r.result() instanceof MultiLabelAnswer m) {
            return m.labels().isEmpty() ? "no label" : String.join(", ", m.labels());
        }
        if (r.result() instanceof EmbeddingAnswer e) {
            return "embedding of " + e.dimensions();
        }
        if (r.result() instanceof ValuesAnswer v) {
            return v.values().entrySet().stream().map(x -> String.format(Locale.ROOT, "%s %.3f", x.getKey(),
                    x.getValue())).collect(Collectors.joining(", "));
        }
        if (r.result() instanceof FramesAnswer f) {
            long positive = f.frames().stream().filter(x -> "1".equals(x.label())).count();
            return f.frames().size() + " frames" + (positive > 0 ? ", " + positive + " labelled 1" : "");
        }
        if (r.result() instanceof TensorAnswer t) {
            return "tensor " + Arrays.toString(t.shape());
        }
        if (r.abstain() != null) {
            return String.format(Locale.ROOT, "not sure (%s %.2f < %.2f)", r.abstain().label(), r.abstain().score(),
                    r.abstain().threshold());
        }
        if (r.error() != null) {
            return r.error().code().wireName() + ": " + r.error().message();
        }
        return "not sure";
    }
}
