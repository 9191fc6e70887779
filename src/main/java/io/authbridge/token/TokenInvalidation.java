package io.authbridge.token;

/**
 * Where a token change is announced so that no cache keeps trusting the old record: this instance's cache,
 * and (with a shared store) every other instance's.
 */
public interface TokenInvalidation {

    /** The token with this secret hash changed or is gone. */
    void tokenChanged(String secretHash);
}
