package io.authbridge.authorization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Ticker;
import io.authbridge.AuthBridge;
import io.authbridge.assertion.IdentityAssertionProperties;
import io.authbridge.assertion.IdentityAssertions;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.credential.Credential;
import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorProperties;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.token.ProjectCache;
import io.authbridge.token.ProjectRecord;
import io.authbridge.token.TokenCacheProperties;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenRecord;
import io.authbridge.token.TokenStore;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Exchanges, principals and a recording chain for the route filter tests. */
final class FilterTestSupport {

    static final ErrorResponseWriter ERRORS = new ErrorResponseWriter(new ErrorProperties(ErrorDialect.SIGNALWIRE));

    /** Identity assertions signed by a key generated on first use into a temporary directory. */
    static final IdentityAssertions ASSERTIONS = new IdentityAssertions(new IdentityAssertionProperties(
            "https://gateway.test", null, temporaryKeyFile(), List.of(), 1000), Clock.systemUTC());

    private FilterTestSupport() {
    }

    private static Path temporaryKeyFile() {
        try {
            Path directory = Files.createTempDirectory("authbridge-filter-test");
            directory.toFile().deleteOnExit();
            Path file = directory.resolve("identity-assertion-key.pem");
            file.toFile().deleteOnExit();
            return file;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A project cache over a store that knows no project. */
    static ProjectCache emptyProjects() {
        return projects(Map.of());
    }

    /** A project cache over a store that knows these projects only. */
    static ProjectCache projects(Map<UUID, ProjectRecord> known) {
        TokenStore store = new TokenStore() {
            @Override
            public Mono<TokenRecord> findByHash(String secretHash) {
                return Mono.empty();
            }

            @Override
            public Mono<ProjectRecord> findProject(UUID projectId) {
                return Mono.justOrEmpty(known.get(projectId));
            }
        };
        return new ProjectCache(store, new TokenCacheProperties(Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 100), Ticker.systemTicker(), Runnable::run);
    }

    static AuthenticatedPrincipal principal(UUID projectId, int scopes, int permissions) {
        TokenRecord record = new TokenRecord(UUID.randomUUID(), TokenKind.ACCESS, UUID.randomUUID(), projectId, null,
                scopes, permissions, false, null, Set.of(), false, true);
        return AuthenticatedPrincipal.of(record, projectId, record.organizationId());
    }

    static MockServerWebExchange exchange(String path, ErrorDialect dialect) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        exchange.getAttributes().put(AuthBridge.DIALECT_ATTRIBUTE, dialect);
        return exchange;
    }

    static void authenticate(ServerWebExchange exchange, AuthenticatedPrincipal principal, Credential credential) {
        exchange.getAttributes().put(AuthBridge.PRINCIPAL_ATTRIBUTE, principal);
        if (credential != null) {
            exchange.getAttributes().put(AuthBridge.CREDENTIAL_ATTRIBUTE, credential);
        }
    }

    /** A chain that records the exchange it was called with. */
    static final class RecordingChain implements GatewayFilterChain {

        final AtomicReference<ServerWebExchange> passed = new AtomicReference<>();

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            passed.set(exchange);
            return Mono.empty();
        }
    }
}
