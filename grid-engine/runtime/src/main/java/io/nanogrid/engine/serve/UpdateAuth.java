package io.nanogrid.engine.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Who may change what is served (PUT /v1/bundle, /v1/experts/{id}, /v1/faults/{id}): with an update token,
 * a request that sends "Authorization: Bearer TOKEN"; with open updates (loopback only), anyone; with
 * neither, no one (403).
 */
final class UpdateAuth {
    static final String UPDATES_OFF = "updates are off on this server: start it with --update-token-file FILE (or, "
            + "on a loopback address only, --allow-unauthenticated-updates)";

    private final ServeSettings settings;

    UpdateAuth(ServeSettings settings) {
        this.settings = settings;
    }

    /** True if the call may go on; otherwise it has been answered 403 or 401. */
    boolean admit(Call call) {
        if (!settings.updatesEnabled()) {
            call.error(403, UPDATES_OFF);
            return false;
        }
        if (!authorized(call)) {
            call.error(401, "updates need the header 'Authorization: Bearer TOKEN' with the server's update token",
                    Map.of("WWW-Authenticate", "Bearer"));
            return false;
        }
        return true;
    }

    private boolean authorized(Call call) {
        if (settings.updateToken() == null) {
            return true;
        }
        String given = call.exchange().getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + settings.updateToken()).getBytes(StandardCharsets.UTF_8);
        return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }
}
