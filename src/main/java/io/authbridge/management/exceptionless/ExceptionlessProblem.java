package io.authbridge.management.exceptionless;

import java.util.List;
import java.util.Map;

import io.authbridge.error.GatewayError;

/**
 * A refusal that only the Exceptionless dialect words: a request field it validates (422, messages keyed by
 * field, as ASP.NET's validation writes them) or an answer of its own (such as a bulk deletion that found
 * nothing). {@link ExceptionlessErrors} writes it.
 */
final class ExceptionlessProblem extends RuntimeException {

    private final GatewayError error;

    private final String title;

    private final Map<String, List<String>> fieldErrors;

    private ExceptionlessProblem(GatewayError error, String title, Map<String, List<String>> fieldErrors) {
        super(title, null, false, false);
        this.error = error;
        this.title = title;
        this.fieldErrors = fieldErrors;
    }

    /** A 422 with {@code message} under the snake_case {@code field}. */
    static ExceptionlessProblem invalid(String field, String message) {
        return new ExceptionlessProblem(GatewayError.BAD_REQUEST, null, Map.of(field, List.of(message)));
    }

    /** {@code error} with Exceptionless's problem body, {@code title} as its title. */
    static ExceptionlessProblem of(GatewayError error, String title) {
        return new ExceptionlessProblem(error, title, null);
    }

    static ExceptionlessProblem notFound(String title) {
        return new ExceptionlessProblem(GatewayError.NOT_FOUND, title, null);
    }

    GatewayError error() {
        return error;
    }

    String title() {
        return title;
    }

    /** The validation messages by field, or null. */
    Map<String, List<String>> fieldErrors() {
        return fieldErrors;
    }
}
