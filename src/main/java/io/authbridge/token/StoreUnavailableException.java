package io.authbridge.token;

/**
 * The store did not answer: an infrastructure failure, answered 503 and never turned into a 401 or a 200.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
