package io.authbridge.token;

import java.util.List;

/**
 * Where a token change is announced so that no cache keeps trusting the old record: this instance's cache,
 * and (with a shared store) every other instance's.
 */
public interface TokenInvalidation {

    /** The token with this secret hash changed or is gone. */
    void tokenChanged(String secretHash);

    /** Each of these tokens changed or appeared (an import): implementations may announce them at once. */
    default void tokensChanged(List<String> secretHashes) {
        secretHashes.forEach(this::tokenChanged);
    }
}
