package io.authbridge.token;

/** An API key minted through a management API, or the login token of a user session. */
public enum TokenKind {
    ACCESS,
    LOGIN
}
