package io.authbridge.management.signalwire;

import java.util.List;

import io.authbridge.error.ErrorResponseWriter.FieldError;

/**
 * A request field the SignalWire dialect refuses with one of SignalWire's documented codes (a 422
 * {@code {"errors":[...]}}); {@link SignalWireErrors} writes it.
 */
final class SignalWireProblem extends RuntimeException {

    private final List<FieldError> errors;

    private SignalWireProblem(List<FieldError> errors) {
        super(errors.get(0).code(), null, false, false);
        this.errors = errors;
    }

    static SignalWireProblem invalid(String code, String message, String attribute) {
        return new SignalWireProblem(List.of(new FieldError(code, message, attribute)));
    }

    List<FieldError> errors() {
        return errors;
    }
}
