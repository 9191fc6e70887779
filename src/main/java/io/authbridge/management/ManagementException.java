package io.authbridge.management;

import java.util.List;
import java.util.Map;

import io.authbridge.error.ErrorResponseWriter.FieldError;
import io.authbridge.error.GatewayError;

/**
 * A management request that cannot be served, described independently of how it will be written: the
 * dialect's router turns it into the dialect's body. {@code title} is the Exceptionless title; SignalWire
 * bodies use the standard texts.
 */
public final class ManagementException extends RuntimeException {

    private final GatewayError error;

    private final String title;

    private final Map<String, List<String>> fieldErrors;

    private final List<FieldError> signalWireErrors;

    private ManagementException(GatewayError error, String title, Map<String, List<String>> fieldErrors,
            List<FieldError> signalWireErrors) {
        super(title == null ? error.title() : title, null, false, false);
        this.error = error;
        this.title = title;
        this.fieldErrors = fieldErrors;
        this.signalWireErrors = signalWireErrors;
    }

    public static ManagementException of(GatewayError error, String title) {
        return new ManagementException(error, title, null, null);
    }

    public static ManagementException unauthorized() {
        return of(GatewayError.UNAUTHORIZED, null);
    }

    public static ManagementException forbidden(String title) {
        return of(GatewayError.FORBIDDEN, title);
    }

    public static ManagementException notFound(String title) {
        return of(GatewayError.NOT_FOUND, title);
    }

    public static ManagementException badRequest(String title) {
        return of(GatewayError.BAD_REQUEST, title);
    }

    /** Exceptionless 422: messages keyed by snake_case field name. */
    public static ManagementException invalid(String field, String message) {
        return new ManagementException(GatewayError.BAD_REQUEST, null, Map.of(field, List.of(message)), null);
    }

    /** Exceptionless 422 with several fields. */
    public static ManagementException invalid(Map<String, List<String>> errors) {
        return new ManagementException(GatewayError.BAD_REQUEST, null, errors, null);
    }

    /** SignalWire 422: {@code {"errors":[...]}}. */
    public static ManagementException signalWireInvalid(String code, String message, String attribute) {
        return new ManagementException(GatewayError.BAD_REQUEST, null, null,
                List.of(new FieldError(code, message, attribute)));
    }

    public GatewayError error() {
        return error;
    }

    public String title() {
        return title;
    }

    /** Exceptionless validation errors, or null. */
    public Map<String, List<String>> fieldErrors() {
        return fieldErrors;
    }

    /** SignalWire validation errors, or null. */
    public List<FieldError> signalWireErrors() {
        return signalWireErrors;
    }
}
