package io.authbridge.token;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * The reads the data plane makes. Each completes empty when nothing matches and fails with
 * {@link StoreUnavailableException} when the store does not answer.
 */
public interface TokenStore {

    /** The token whose secret hashes to {@code secretHash}. */
    Mono<TokenRecord> findByHash(String secretHash);

    /** The project with this id. */
    Mono<ProjectRecord> findProject(UUID projectId);
}
