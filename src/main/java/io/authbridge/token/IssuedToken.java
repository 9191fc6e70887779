package io.authbridge.token;

/**
 * A token just minted: the only moment its secret exists outside the client. {@link #toString()} hides it.
 */
public record IssuedToken(String secret, StoredToken stored) {

    @Override
    public String toString() {
        return "IssuedToken[" + stored + "]";
    }
}
