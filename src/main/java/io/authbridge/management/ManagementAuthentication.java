package io.authbridge.management;

import io.authbridge.authentication.ClientAddress;
import java.util.List;

import io.authbridge.authentication.AuthOutcome;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.Authenticator;
import io.authbridge.credential.Credential;
import io.authbridge.credential.CredentialParser;
import io.authbridge.credential.CredentialResult;
import io.authbridge.error.GatewayError;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Authenticates a management request with the same parser and authenticator as the data plane: any
 * credential form works, and a store outage is a 503, never a 401.
 */
public final class ManagementAuthentication {

    private final CredentialParser parser;

    private final Authenticator authenticator;

    public ManagementAuthentication(CredentialParser parser, Authenticator authenticator) {
        this.parser = parser;
        this.authenticator = authenticator;
    }

    /** The caller, or a {@link ManagementException} 401 / 503. */
    public Mono<AuthenticatedPrincipal> authenticate(ServerRequest request) {
        return authenticate(request, false);
    }

    /**
     * The caller; with {@code basicProjectOnly}, only {@code Basic project_id:token} is accepted (the
     * SignalWire dialect), so that the caller always acts in one project.
     */
    public Mono<AuthenticatedPrincipal> authenticate(ServerRequest request, boolean basicProjectOnly) {
        List<String> authorization = request.headers().header(HttpHeaders.AUTHORIZATION);
        CredentialResult result = parser.parse(authorization, request.uri().getRawQuery());
        if (!(result instanceof CredentialResult.Present present)) {
            return Mono.error(ManagementException.unauthorized());
        }
        Credential credential = present.credential();
        if (basicProjectOnly && credential.form() != Credential.Form.BASIC) {
            return Mono.error(ManagementException.unauthorized());
        }
        return authenticator.authenticate(credential, clientIp(request)).flatMap(outcome -> {
            if (outcome instanceof AuthOutcome.Authenticated authenticated) {
                return Mono.just(authenticated.principal());
            }
            if (outcome instanceof AuthOutcome.Throttled) {
                return Mono.error(ManagementException.of(GatewayError.TOO_MANY_REQUESTS, null));
            }
            if (outcome instanceof AuthOutcome.Unavailable) {
                return Mono.error(ManagementException.of(GatewayError.SERVICE_UNAVAILABLE, null));
            }
            return Mono.error(ManagementException.unauthorized());
        });
    }

    /** The address the request came from, for login throttling and the audit log. */
    public static String clientIp(ServerRequest request) {
        String address = ClientAddress.of(request.exchange().getRequest());
        return address == null ? "unknown" : address;
    }
}
