package io.authbridge.management.exceptionless;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.error.GatewayError;
import io.authbridge.management.Caller;
import io.authbridge.management.explain.ExplainService;
import io.authbridge.path.CanonicalPath;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v2/admin/routes} and {@code POST /api/v2/admin/explain}: what a token may call. */
final class ExceptionlessExplainHandler {

    /** Longer than any request line the HTTP server reads (4096 bytes, target and version included). */
    private static final int MAX_METHOD = 4096;

    private static final int MAX_PATH = 4096;

    private final ExplainService explain;

    ExceptionlessExplainHandler(ExplainService explain) {
        this.explain = explain;
    }

    Mono<ServerResponse> routes(ServerRequest request, Caller caller) {
        UUID tokenId = request.queryParam("token_id").map(ExceptionlessExplainHandler::tokenId).orElse(null);
        return explain.routes(caller, tokenId).flatMap(entries -> ExceptionlessResponses.json(HttpStatus.OK,
                entries.stream().map(ExceptionlessViews.RouteView::of).toList()));
    }

    /** {@code {"token_id"|"token", "method", "path"}}: exactly one of the first two; the method defaults to GET. */
    Mono<ServerResponse> explain(ServerRequest request, Caller caller, JsonNode body) {
        String id = ExceptionlessRequests.text(body, "token_id");
        String secret = ExceptionlessRequests.text(body, "token");
        if ((id == null) == (secret == null)) {
            throw ExceptionlessProblem.invalid("token_id", "Give either token_id or token.");
        }
        if (secret != null && (secret.isEmpty() || secret.length() > 4096)) {
            throw ExceptionlessProblem.invalid("token", "The token must be 1 to 4096 characters.");
        }
        UUID tokenId = id == null ? null : tokenId(id);
        String method = method(ExceptionlessRequests.text(body, "method"));
        URI target = target(ExceptionlessRequests.text(body, "path"));
        return explain.explain(caller, request.exchange(), tokenId, secret, method, target)
            .flatMap(explanation -> ExceptionlessResponses.json(HttpStatus.OK, ExceptionlessViews.ExplainView.of(explanation)));
    }

    private static UUID tokenId(String text) {
        UUID id = Uuids.parse(text);
        if (id == null) {
            throw ExceptionlessProblem.invalid("token_id", "The token_id must be a token's public id.");
        }
        return id;
    }

    /** As it is spelt, as the gateway reads a request's method: {@code get} is not {@code GET}. */
    private static String method(String method) {
        if (method == null) {
            return "GET";
        }
        if (method.length() > MAX_METHOD) {
            throw ExceptionlessProblem.invalid("method", "The method must be at most 4096 characters.");
        }
        return method;
    }

    /**
     * The path and query asked about (absolute, percent-encoded, on this gateway: no scheme, no host), with the
     * path made canonical as the gateway makes a request's ({@link CanonicalPath}).
     */
    private static URI target(String path) {
        if (path == null || path.isEmpty()) {
            throw ExceptionlessProblem.invalid("path", "The path field is required.");
        }
        URI uri = null;
        if (path.length() <= MAX_PATH && path.startsWith("/")) {
            try {
                // as the gateway's server builds a request's URI, after a scheme and a host: //x/y is a path, no authority
                uri = new URI("http://localhost" + path);
            }
            catch (URISyntaxException ex) {
                uri = null;
            }
        }
        if (uri == null || uri.getRawFragment() != null) {
            throw ExceptionlessProblem.invalid("path",
                    "The path must be an absolute, percent-encoded path such as /api/v2/events?limit=5.");
        }
        // the path the gateway would route on: canonical, or refused as the gateway refuses the request itself
        CanonicalPath canonical = CanonicalPath.of(uri.getRawPath());
        if (canonical instanceof CanonicalPath.Refused refused) {
            throw ExceptionlessProblem.of(GatewayError.BAD_REQUEST, "The gateway refuses this path with 400: " + refused.reason() + ".");
        }
        if (CanonicalPath.refusesQuery(uri.getRawQuery())) {
            throw ExceptionlessProblem.of(GatewayError.BAD_REQUEST,
                    "The gateway refuses this query with 400: a raw byte that is no visible ASCII character.");
        }
        String canonicalPath = ((CanonicalPath.Accepted) canonical).path();
        return URI.create(canonicalPath + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
}
