package io.authbridge.error;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request body that did not arrive whole within {@code authbridge.server.request-body-timeout}: answered 408 in
 * the route's dialect (and the connection closed), or, when the response has started, the connection closed.
 */
public final class RequestBodyTimeoutException extends ResponseStatusException {

    public RequestBodyTimeoutException() {
        super(HttpStatus.REQUEST_TIMEOUT, "The request body did not arrive in time");
    }

    /** Whether {@code failure}, or any of its causes, is a request body that did not arrive in time. */
    public static boolean isCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTimeoutException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
