package io.authbridge.error;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.authbridge.AuthBridge;
import io.authbridge.credential.CredentialParser;
import io.authbridge.credential.QueryCredentials;
import io.authbridge.path.ShownPath;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one place that writes an error response: status, body in the dialect of the route, and the
 * {@code WWW-Authenticate} challenges of every 401. Nothing else in AuthBridge writes an error body.
 */
@Component
public final class ErrorResponseWriter {

    /** Both challenges, on every 401, so a client of either system knows what to send. */
    public static final List<String> CHALLENGES = List.of("Basic realm=\"authbridge\"", "Bearer realm=\"authbridge\"");

    static final String COMPAT_MORE_INFO = "https://signalwire.com/docs/compatibility-api/reference/errors";

    static final String REST_ERROR_URL = "https://signalwire.com/docs/apis/error-codes";

    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final ErrorDialect defaultDialect;

    private final String[] lamlPaths;

    /** The query parameters that carry a credential, whose values no logged failure shows. */
    private final QueryCredentials queryCredentials;

    @Autowired
    public ErrorResponseWriter(ErrorProperties properties, ObjectProvider<CredentialParser> credentials) {
        this.defaultDialect = properties.defaultDialect();
        this.lamlPaths = properties.lamlPaths().toArray(String[]::new);
        this.queryCredentials = credentials.getIfAvailable(() -> new CredentialParser(List.of())).queryCredentials();
    }

    /** A writer whose logged failures hide no query credential values (for tests of the dialects). */
    public ErrorResponseWriter(ErrorProperties properties) {
        this(properties, new StaticListableBeanFactory().getBeanProvider(CredentialParser.class));
    }

    /**
     * {@code failure} as a log may show it: without the secrets of {@code exchange}'s request ({@link RedactedFailure}),
     * which a message may quote (Reactor's checkpoints name the request with its query).
     */
    public Throwable loggable(Throwable failure, ServerWebExchange exchange) {
        return RedactedFailure.of(failure, exchange, queryCredentials);
    }

    /**
     * The dialect of the exchange: its route's {@code dialect} metadata, else the configured default; a
     * request that matched no route under a LaML prefix is answered as the Compatibility API answers.
     */
    public ErrorDialect dialectOf(ServerWebExchange exchange) {
        ErrorDialect resolved = exchange.getAttribute(AuthBridge.DIALECT_ATTRIBUTE);
        if (resolved != null) {
            return resolved;
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null) {
            return dialectOf(route);
        }
        String path = exchange.getRequest().getPath().value();
        for (String prefix : lamlPaths) {
            if (path.startsWith(prefix)) {
                return ErrorDialect.LAML;
            }
        }
        return defaultDialect;
    }

    /** The configured default dialect ({@code authbridge.errors.default-dialect}). */
    public ErrorDialect defaultDialect() {
        return defaultDialect;
    }

    public ErrorDialect dialectOf(Route route) {
        ErrorDialect named = ErrorDialect.fromName(route.getMetadata().get("dialect"));
        return named == null ? defaultDialect : named;
    }

    public Mono<Void> write(ServerWebExchange exchange, GatewayError error) {
        return write(exchange, dialectOf(exchange), error, null);
    }

    /**
     * Writes {@code error} for a request refused before any handler ran, in the dialect of the route it would take:
     * the gateway's route lookup records that route on the exchange (its handler is never run, so no upstream is
     * contacted); the default dialect when none matches or there is no gateway.
     */
    public Mono<Void> writeForRouteItWouldTake(ServerWebExchange exchange, GatewayError error,
            ObjectProvider<RoutePredicateHandlerMapping> routes) {
        RoutePredicateHandlerMapping mapping = routes.getIfUnique();
        Mono<Object> lookup = mapping == null ? Mono.empty() : mapping.getHandler(exchange).onErrorResume(failure -> Mono.empty());
        return lookup.then(Mono.defer(() -> write(exchange, error)));
    }

    public Mono<Void> write(ServerWebExchange exchange, ErrorDialect dialect, GatewayError error) {
        return write(exchange, dialect, error, null);
    }

    /**
     * Writes {@code error} in the exchange's dialect with {@code Retry-After: retryAfterSeconds}, as a 429
     * (and a 503 that knows when to come back) should carry it.
     */
    public Mono<Void> write(ServerWebExchange exchange, GatewayError error, long retryAfterSeconds) {
        if (!exchange.getResponse().isCommitted()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return write(exchange, error);
    }

    /**
     * Writes {@code error} in {@code dialect}. {@code title} replaces the standard title where the dialect
     * carries one (Exceptionless {@code title}, SignalWire {@code error}); null keeps the standard one.
     */
    public Mono<Void> write(ServerWebExchange exchange, ErrorDialect dialect, GatewayError error, String title) {
        return send(exchange, render(exchange, dialect, error, title));
    }

    /** The same error as a functional-endpoint response, for the management APIs. */
    public Mono<ServerResponse> respond(ServerWebExchange exchange, ErrorDialect dialect, GatewayError error,
            String title) {
        return toServerResponse(render(exchange, dialect, error, title));
    }

    /** An Exceptionless validation problem ({@code errors} keyed by snake_case field) as a response. */
    public Mono<ServerResponse> respondExceptionlessValidation(ServerWebExchange exchange, HttpStatus status,
            Map<String, List<String>> errors) {
        StringBuilder body = new StringBuilder(200);
        String type = status == HttpStatus.UNPROCESSABLE_CONTENT ? "https://tools.ietf.org/html/rfc4918#section-11.2"
                : GatewayError.forStatus(status.value()).problemType();
        problem(body, type, "One or more validation errors occurred.", status.value(), exchange, errors);
        return toServerResponse(new Rendered(status, PROBLEM_JSON, body.toString()));
    }

    /** A SignalWire 422 ({@code {"errors":[{type,code,message,attribute,url}]}}) as a response. */
    public Mono<ServerResponse> respondSignalWireValidation(List<FieldError> errors) {
        StringBuilder body = new StringBuilder(200);
        validationErrors(body, "validation_error", errors);
        return toServerResponse(new Rendered(HttpStatus.UNPROCESSABLE_CONTENT, MediaType.APPLICATION_JSON, body.toString()));
    }

    private Rendered render(ServerWebExchange exchange, ErrorDialect dialect, GatewayError error, String title) {
        HttpStatus status = error.status(dialect);
        StringBuilder body = new StringBuilder(160);
        String text = title == null ? error.title(dialect) : title;
        switch (dialect) {
            case EXCEPTIONLESS -> problem(body, error.problemType(), text, status.value(), exchange, null);
            case LAML -> compat(body, error.compatCode(), error.compatMessage(), status.value());
            case SIGNALWIRE -> {
                if (error == GatewayError.TOO_MANY_REQUESTS) {
                    validationErrors(body, "rate_limit", List.of(new FieldError("rate_limit_exceeded",
                            "The rate limit has been exceeded.", null)));
                }
                else {
                    body.append("{\"error\":");
                    JsonText.appendQuoted(body, text);
                    body.append('}');
                }
            }
        }
        return new Rendered(status, dialect == ErrorDialect.EXCEPTIONLESS ? PROBLEM_JSON : MediaType.APPLICATION_JSON,
                body.toString());
    }

    /**
     * One entry of a SignalWire {@code errors} array.
     *
     * @param code the documented error code, e.g. {@code missing_required_parameter}
     * @param message the human-readable message
     * @param attribute the field at fault, or null
     */
    public record FieldError(String code, String message, String attribute) {
    }

    private static void problem(StringBuilder body, String type, String title, int status, ServerWebExchange exchange,
            Map<String, List<String>> errors) {
        body.append('{');
        if (type != null) {
            body.append("\"type\":");
            JsonText.appendQuoted(body, type);
            body.append(',');
        }
        body.append("\"title\":");
        JsonText.appendQuoted(body, title);
        body.append(",\"status\":").append(status);
        if (errors != null) {
            body.append(",\"errors\":{");
            boolean first = true;
            for (Map.Entry<String, List<String>> entry : errors.entrySet()) {
                if (!first) {
                    body.append(',');
                }
                first = false;
                JsonText.appendQuoted(body, entry.getKey());
                body.append(":[");
                for (int i = 0; i < entry.getValue().size(); i++) {
                    if (i > 0) {
                        body.append(',');
                    }
                    JsonText.appendQuoted(body, entry.getValue().get(i));
                }
                body.append(']');
            }
            body.append('}');
        }
        // the path only (the query may hold a credential), and a management segment that may be a secret masked
        body.append(",\"instance\":");
        JsonText.appendQuoted(body, exchange.getRequest().getMethod().name() + " "
                + ShownPath.of(exchange.getRequest().getPath().pathWithinApplication().value()));
        body.append('}');
    }

    private static void compat(StringBuilder body, int code, String message, int status) {
        body.append("{\"code\":").append(code).append(",\"message\":");
        JsonText.appendQuoted(body, message);
        body.append(",\"more_info\":");
        JsonText.appendQuoted(body, COMPAT_MORE_INFO);
        body.append(",\"status\":").append(status).append('}');
    }

    private static void validationErrors(StringBuilder body, String type, List<FieldError> errors) {
        body.append("{\"errors\":[");
        for (int i = 0; i < errors.size(); i++) {
            FieldError error = errors.get(i);
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"type\":");
            JsonText.appendQuoted(body, type);
            body.append(",\"code\":");
            JsonText.appendQuoted(body, error.code());
            body.append(",\"message\":");
            JsonText.appendQuoted(body, error.message());
            body.append(",\"attribute\":");
            JsonText.appendQuoted(body, error.attribute());
            body.append(",\"url\":");
            JsonText.appendQuoted(body, REST_ERROR_URL + "#" + error.code());
            body.append('}');
        }
        body.append("]}");
    }

    /** An error ready to send: status, content type and body. */
    private record Rendered(HttpStatus status, MediaType type, String body) {
    }

    private static Mono<Void> send(ServerWebExchange exchange, Rendered rendered) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(rendered.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(rendered.type());
        headers.setCacheControl("no-store");
        if (rendered.status() == HttpStatus.UNAUTHORIZED) {
            headers.put(HttpHeaders.WWW_AUTHENTICATE, CHALLENGES);
        }
        byte[] bytes = rendered.body().getBytes(StandardCharsets.UTF_8);
        headers.setContentLength(bytes.length);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    private static Mono<ServerResponse> toServerResponse(Rendered rendered) {
        return ServerResponse.status(rendered.status())
            .contentType(rendered.type())
            .headers(headers -> {
                headers.setCacheControl("no-store");
                if (rendered.status() == HttpStatus.UNAUTHORIZED) {
                    headers.put(HttpHeaders.WWW_AUTHENTICATE, CHALLENGES);
                }
            })
            .bodyValue(rendered.body());
    }
}
