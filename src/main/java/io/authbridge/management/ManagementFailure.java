package io.authbridge.management;

import io.authbridge.management.access.Operation;
import io.authbridge.management.access.Requirement;

/**
 * Why a management request is refused, in words that belong to neither dialect: the services raise these,
 * and each dialect's error filter alone decides the status, code and message its clients read. A store that
 * does not answer is not a refusal: it stays a {@code StoreUnavailableException} (503).
 */
public abstract sealed class ManagementFailure extends RuntimeException {

    private ManagementFailure(String description) {
        // a refusal is an answer, not a fault: no stack trace to fill
        super(description, null, false, false);
    }

    /** No usable credential: none, malformed, unknown, disabled or expired (indistinguishable by design). */
    public static final class Unauthenticated extends ManagementFailure {

        public Unauthenticated() {
            super("no usable credential");
        }
    }

    /** The client's failed authentications exhausted its budget. */
    public static final class Throttled extends ManagementFailure {

        public Throttled() {
            super("too many failed authentications");
        }
    }

    /** A login was refused: a wrong email or password, or too many attempts ({@code lockedOut}). */
    public static final class LoginRefused extends ManagementFailure {

        private final boolean lockedOut;

        public LoginRefused(boolean lockedOut) {
            super(lockedOut ? "login locked out" : "wrong email or password");
            this.lockedOut = lockedOut;
        }

        public boolean lockedOut() {
            return lockedOut;
        }
    }

    /** The caller is known but does not meet what the operation requires. */
    public static final class Forbidden extends ManagementFailure {

        private final Requirement unmet;

        private final Operation operation;

        public Forbidden(Requirement unmet, Operation operation) {
            super(operation + " requires " + unmet);
            this.unmet = unmet;
            this.operation = operation;
        }

        public Requirement unmet() {
            return unmet;
        }

        public Operation operation() {
            return operation;
        }
    }

    /** What a request names does not exist, or the caller may not see it: the two are the same answer. */
    public static final class NotFound extends ManagementFailure {

        private final Subject subject;

        public NotFound(Subject subject) {
            super(subject + " not found");
            this.subject = subject;
        }

        public Subject subject() {
            return subject;
        }
    }

    /**
     * A request field names something it may not: {@code field} is the field's name in the API (both dialects
     * name fields alike), or null when the fault is in no one field.
     */
    public static final class Invalid extends ManagementFailure {

        private final String field;

        private final Reason reason;

        public Invalid(String field, Reason reason) {
            super(field + " is invalid: " + reason);
            this.field = field;
            this.reason = reason;
        }

        public String field() {
            return field;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** A new record would take a value that an existing one holds ({@code field}, such as an email address). */
    public static final class Conflict extends ManagementFailure {

        private final String field;

        public Conflict(String field) {
            super(field + " is taken");
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The request body cannot be used; the client's error, never a 500. */
    public static final class UnreadableBody extends ManagementFailure {

        private final BodyProblem problem;

        public UnreadableBody(BodyProblem problem) {
            super("unreadable body: " + problem);
            this.problem = problem;
        }

        public BodyProblem problem() {
            return problem;
        }
    }

    /** What a {@link NotFound} is about. */
    public enum Subject {
        ORGANIZATION, PROJECT, TOKEN, USER
    }

    /** Why an {@link Invalid} field is invalid. */
    public enum Reason {
        /** It names something that does not exist or that the caller does not see. */
        UNKNOWN,
        /** It grants more than the caller itself holds. */
        NOT_HELD,
        /** It would put a subproject under a subproject: one level only. */
        NESTED,
        /** It is a time that has come already: what it would make could never be used. */
        PAST
    }

    /** Why a body cannot be read. */
    public enum BodyProblem {
        EMPTY, NOT_JSON, NOT_AN_OBJECT, UNSUPPORTED_TYPE
    }
}
