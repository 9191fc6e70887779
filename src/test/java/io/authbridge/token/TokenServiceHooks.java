package io.authbridge.token;

import java.util.UUID;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/** The test hooks of {@link TokenService}, for tests outside its package. */
public final class TokenServiceHooks {

    private TokenServiceHooks() {
    }

    /** See {@link TokenService#beforeLock}; {@code id -> Mono.empty()} removes the hold. */
    public static void beforeLock(TokenService service, Function<UUID, Mono<Void>> hook) {
        service.beforeLock(hook);
    }
}
