package io.authbridge.authentication;

/**
 * Why a credential was not accepted. A client never learns it (an unknown, disabled and expired token get the
 * same 401); an administrator asking the explain API does.
 */
public enum Rejection {

    /** No token has this secret (or it was deleted). */
    UNKNOWN("unknown_token", "No token has this secret."),

    /** The token was disabled. */
    DISABLED("disabled", "The token is disabled."),

    /** The token's expiry has passed. */
    EXPIRED("expired", "The token has expired."),

    /** A login token of a user who may no longer sign in. */
    USER_INACTIVE("user_inactive", "The token's user is no longer active."),

    /** A Basic credential named a project the token does not belong to. */
    OTHER_PROJECT("other_project", "The credential names a project the token does not belong to.");

    private final String code;

    private final String message;

    Rejection(String code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The snake_case code the explain API answers with. */
    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
