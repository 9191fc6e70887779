package io.authbridge.credential;

/**
 * The three outcomes of reading a credential: none was sent, one was sent, or one was sent malformed.
 */
public sealed interface CredentialResult {

    /** No credential in any accepted place. */
    record Absent() implements CredentialResult {
    }

    /** A well-formed credential, not yet checked against the store. */
    record Present(Credential credential) implements CredentialResult {
    }

    /**
     * A credential was sent but cannot be read. {@code reason} is for the log and names no secret.
     */
    record Malformed(String reason) implements CredentialResult {
    }
}
