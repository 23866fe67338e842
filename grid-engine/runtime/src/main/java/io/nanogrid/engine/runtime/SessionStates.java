package io.nanogrid.engine.runtime;

import io.nanogrid.engine.model.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recurrent state each session left in one model: the outputs that feed its state inputs on the
 * session's next call. Bounded: past {@link #MAX_SESSIONS} the least recently used session is forgotten
 * (it starts again from zeros).
 */
final class SessionStates {
    static final int MAX_SESSIONS = 10_000;

    private final Map<String, Map<String, Value>> bySession = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Value>> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    /** The session's state, or null when it has none yet. */
    synchronized Map<String, Value> get(String session) {
        return bySession.get(session);
    }

    synchronized void put(String session, Map<String, Value> state) {
        bySession.put(session, Map.copyOf(state));
    }

    synchronized int size() {
        return bySession.size();
    }
}
