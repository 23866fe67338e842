package io.nanogrid.engine.runtime;

/**
 * A typed failure, attached to the response of the request it hit.
 *
 * @param code    what kind of failure
 * @param message one plain line, bounded ({@link ErrorText})
 * @param expert  the expert concerned, or null (router, request)
 */
public record RouteError(ErrorCode code, String message, String expert) {
    public RouteError {
        message = ErrorText.bound(message);
    }
}
