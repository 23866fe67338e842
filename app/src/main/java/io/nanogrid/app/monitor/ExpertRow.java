package io.nanogrid.app.monitor;

import io.nanogrid.engine.runtime.ExpertStatus;
import io.nanogrid.engine.runtime.Fault;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * One expert in the monitor's fault panel: its live health (state, calls, failures, last error)
 * and the faults the user injects (disabled, added latency, throws), sent to the running grid as
 * soon as they change. FX thread.
 */
public final class ExpertRow {
    /** The largest added latency offered, in ms. */
    public static final int MAX_DELAY_MS = 5_000;

    private final String id;
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("ok");
    private final ReadOnlyLongWrapper calls = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper failures = new ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper lastError = new ReadOnlyStringWrapper();
    private final BooleanProperty disabled = new SimpleBooleanProperty();
    private final IntegerProperty delayMs = new SimpleIntegerProperty();
    /** Held here: a bidirectional binding keeps only weak references to its ends. */
    private final ObjectProperty<Integer> delayMsObject = delayMs.asObject();
    private final BooleanProperty throwing = new SimpleBooleanProperty();

    ExpertRow(String id, Consumer<ExpertRow> onFaultChange) {
        this.id = id;
        disabled.addListener((o, a, b) -> onFaultChange.accept(this));
        delayMs.addListener((o, a, b) -> onFaultChange.accept(this));
        throwing.addListener((o, a, b) -> onFaultChange.accept(this));
    }

    public String id() {
        return id;
    }

    /** "ok", "open", "half-open", "disabled", "missing" or "invalid", as the grid reports it. */
    public ReadOnlyStringProperty state() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty calls() {
        return calls.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty failures() {
        return failures.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty lastError() {
        return lastError.getReadOnlyProperty();
    }

    public BooleanProperty disabled() {
        return disabled;
    }

    /** Added latency in ms (0 to {@link #MAX_DELAY_MS}). */
    public IntegerProperty delayMs() {
        return delayMs;
    }

    /** The same as an object property, for a Spinner's value. */
    public ObjectProperty<Integer> delayMsObject() {
        return delayMsObject;
    }

    public BooleanProperty throwing() {
        return throwing;
    }

    /** The fault the controls describe. */
    public Fault fault() {
        return new Fault(disabled.get(), Math.max(0, Math.min(MAX_DELAY_MS, delayMs.get())), throwing.get());
    }

    void clearFaults() {
        disabled.set(false);
        delayMs.set(0);
        throwing.set(false);
    }

    void update(ExpertStatus s) {
        state.set(s.state());
        calls.set(s.calls());
        failures.set(s.failures());
        lastError.set(s.lastError());
    }
}
