package io.authbridge.authentication;

import java.util.List;
import java.util.function.Function;

import io.authbridge.AuthBridge;
import io.authbridge.credential.Credential;
import io.authbridge.credential.CredentialParser;
import io.authbridge.credential.CredentialResult;
import io.authbridge.credential.QueryCredentials;
import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.path.ShownPath;
import io.authbridge.upstream.ForwardedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Secure by default: every routed request needs a valid credential unless its route's metadata says
 * {@code public: true}. It authenticates, keeps the principal for the route's filters and for
 * {@link UpstreamHeadersFilter} (which replaces forged identity headers with the real ones), and removes
 * the query parameters that carry credentials. On a public route a credential is optional: a valid one
 * still identifies the caller, anything else is anonymous.
 */
public final class AuthenticationGlobalFilter implements GlobalFilter, Ordered {

    /** Runs before every route filter, so that {@code Authorize} and {@code UpstreamAuth} see the principal. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    private static final Logger log = LoggerFactory.getLogger(AuthenticationGlobalFilter.class);

    private static final Function<Context, Context> SAME_CONTEXT = Function.identity();

    private final CredentialParser parser;

    private final Authenticator authenticator;

    private final ErrorResponseWriter errors;

    public AuthenticationGlobalFilter(CredentialParser parser, Authenticator authenticator, ErrorResponseWriter errors) {
        this.parser = parser;
        this.authenticator = authenticator;
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        boolean isPublic = route != null && isPublic(route);
        ErrorDialect dialect = route == null ? errors.dialectOf(exchange) : errors.dialectOf(route);
        exchange.getAttributes().put(AuthBridge.DIALECT_ATTRIBUTE, dialect);

        ServerHttpRequest request = exchange.getRequest();
        List<String> authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String rawQuery = request.getURI().getRawQuery();
        CredentialResult result = parser.parse(authorization, rawQuery);

        if (result instanceof CredentialResult.Present present) {
            Credential credential = present.credential();
            exchange.getAttributes().put(AuthBridge.CREDENTIAL_ATTRIBUTE, credential);
            String hash = authenticator.hash(credential);
            AuthOutcome cached = authenticator.cached(hash, credential);
            if (cached != null) {
                // the usual case, a cached token: decided here, without a reactive detour
                return proceed(exchange, chain, cached, isPublic, dialect, rawQuery);
            }
            return authenticator.authenticate(hash, credential, ClientAddress.of(exchange))
                .flatMap(outcome -> proceed(exchange, chain, outcome, isPublic, dialect, rawQuery));
        }
        if (result instanceof CredentialResult.Malformed malformed) {
            exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "malformed");
            log.debug("Malformed credential on {}: {}", ShownPath.of(request.getPath().value()), malformed.reason());
            return isPublic ? anonymous(exchange, chain, rawQuery)
                    : errors.write(exchange, dialect, GatewayError.UNAUTHORIZED);
        }
        exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, isPublic ? "anonymous" : "missing");
        return isPublic ? anonymous(exchange, chain, rawQuery)
                : errors.write(exchange, dialect, GatewayError.UNAUTHORIZED);
    }

    private Mono<Void> proceed(ServerWebExchange exchange, GatewayFilterChain chain, AuthOutcome outcome,
            boolean isPublic, ErrorDialect dialect, String rawQuery) {
        if (outcome instanceof AuthOutcome.Authenticated authenticated) {
            exchange.getAttributes().put(AuthBridge.PRINCIPAL_ATTRIBUTE, authenticated.principal());
            exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "authenticated");
            return next(exchange, chain, rawQuery);
        }
        if (outcome instanceof AuthOutcome.Throttled throttled) {
            exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "throttled");
            return isPublic ? anonymous(exchange, chain, rawQuery)
                    : errors.write(exchange, GatewayError.TOO_MANY_REQUESTS, throttled.retryAfterSeconds());
        }
        if (outcome instanceof AuthOutcome.Unavailable) {
            exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "store_unavailable");
            return isPublic ? anonymous(exchange, chain, rawQuery)
                    : errors.write(exchange, dialect, GatewayError.SERVICE_UNAVAILABLE);
        }
        exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "rejected");
        return isPublic ? anonymous(exchange, chain, rawQuery) : errors.write(exchange, dialect, GatewayError.UNAUTHORIZED);
    }

    private Mono<Void> anonymous(ServerWebExchange exchange, GatewayFilterChain chain, String rawQuery) {
        exchange.getAttributes().remove(AuthBridge.PRINCIPAL_ATTRIBUTE);
        return next(exchange, chain, rawQuery);
    }

    /**
     * The rest of the chain. The server's response is written further down the chain (the gateway's write
     * filter comes after this one), and each time an operator there asks for the Reactor context, every
     * subscriber between it and the server's passes the question on to its own subscriber: the context,
     * captured here when the chain is subscribed, answers them.
     */
    private Mono<Void> next(ServerWebExchange exchange, GatewayFilterChain chain, String rawQuery) {
        withoutQueryCredential(exchange, rawQuery);
        return chain.filter(exchange).contextWrite(SAME_CONTEXT);
    }

    /**
     * The request goes upstream without its query credential: kept as a value
     * ({@link ForwardedQuery}) that the routing writes into the URL it sends, so that the request stays the
     * server's own. Forged identity headers are removed and the real ones set by {@link UpstreamHeadersFilter}
     * on the headers about to be sent.
     */
    private void withoutQueryCredential(ServerWebExchange exchange, String rawQuery) {
        QueryCredentials queryCredentials = parser.queryCredentials();
        String stripped = queryCredentials.strip(rawQuery);
        if (stripped != rawQuery) {
            new ForwardedQuery(rawQuery, stripped, queryCredentials::strip).decideFor(exchange);
        }
    }

    /** Whether the route serves callers without a credential ({@code public: true} in its metadata). */
    public static boolean isPublic(Route route) {
        Object value = route.getMetadata().get("public");
        return value instanceof Boolean flag ? flag : value != null && "true".equalsIgnoreCase(value.toString().trim());
    }
}
