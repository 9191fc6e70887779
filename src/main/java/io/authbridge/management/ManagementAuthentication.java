package io.authbridge.management;

import java.util.List;
import java.util.Map;

import io.authbridge.AuthBridge;
import io.authbridge.authentication.AuthOutcome;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.Authenticator;
import io.authbridge.authentication.ClientAddress;
import io.authbridge.credential.Credential;
import io.authbridge.credential.CredentialParser;
import io.authbridge.credential.CredentialResult;
import io.authbridge.token.StoreUnavailableException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Resolves the caller of a management request with the same parser and authenticator as the data plane:
 * any credential form works (or, for SignalWire, only {@code Basic project_id:token}), and a store outage is
 * a 503, never a 401.
 */
final class ManagementAuthentication {

    private final CredentialParser parser;

    private final Authenticator authenticator;

    ManagementAuthentication(CredentialParser parser, Authenticator authenticator) {
        this.parser = parser;
        this.authenticator = authenticator;
    }

    /**
     * The caller, or an {@code Unauthenticated} / {@code Throttled} failure or a store outage. With
     * {@code basicProjectOnly} only {@code Basic project_id:token} is taken, so that the caller acts in one
     * project, as SignalWire has it.
     */
    Mono<Caller> authenticate(ServerRequest request, boolean basicProjectOnly) {
        List<String> authorization = request.headers().header(HttpHeaders.AUTHORIZATION);
        CredentialResult result = parser.parse(authorization, request.uri().getRawQuery());
        if (!(result instanceof CredentialResult.Present present)
                || (basicProjectOnly && present.credential().form() != Credential.Form.BASIC)) {
            attribute(request, result instanceof CredentialResult.Malformed ? "malformed"
                    : result instanceof CredentialResult.Present ? "rejected" : "missing", null);
            return Mono.error(new ManagementFailure.Unauthenticated());
        }
        String clientIp = clientIp(request);
        return authenticator.authenticate(present.credential(), clientIp).flatMap(outcome -> {
            if (outcome instanceof AuthOutcome.Authenticated authenticated) {
                attribute(request, "authenticated", authenticated.principal());
                return Mono.just(new Caller(authenticated.principal(), clientIp));
            }
            if (outcome instanceof AuthOutcome.Throttled) {
                attribute(request, "throttled", null);
                return Mono.error(new ManagementFailure.Throttled());
            }
            if (outcome instanceof AuthOutcome.Unavailable) {
                attribute(request, "store_unavailable", null);
                return Mono.error(new StoreUnavailableException("The store did not answer the authentication", null));
            }
            attribute(request, "rejected", null);
            return Mono.error(new ManagementFailure.Unauthenticated());
        });
    }

    /**
     * The outcome and the caller on the exchange, as the gateway's authentication leaves them on a proxied
     * request: the access log and the request metrics attribute management requests by them.
     */
    private static void attribute(ServerRequest request, String outcome, AuthenticatedPrincipal principal) {
        Map<String, Object> attributes = request.exchange().getAttributes();
        attributes.put(AuthBridge.OUTCOME_ATTRIBUTE, outcome);
        if (principal != null) {
            attributes.put(AuthBridge.PRINCIPAL_ATTRIBUTE, principal);
        }
    }

    /** The address the request came from, for login throttling and the audit log. */
    static String clientIp(ServerRequest request) {
        String address = ClientAddress.of(request.exchange());
        return address == null ? "unknown" : address;
    }
}
