package io.authbridge.management.signalwire;

import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.management.ManagementErrors;
import io.authbridge.management.ManagementFailure;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * How each refusal reads in the SignalWire dialect: {@code {"error":"<standard text>"}} (a caller without
 * {@code management} is 401, as SignalWire answers it), or a 422 with SignalWire's documented code.
 */
final class SignalWireErrors extends ManagementErrors {

    SignalWireErrors(ErrorResponseWriter writer) {
        super(writer, ErrorDialect.SIGNALWIRE);
    }

    @Override
    protected Mono<ServerResponse> refusal(ServerRequest request, Throwable failure) {
        if (failure instanceof SignalWireProblem problem) {
            return writer.respondSignalWireValidation(problem.errors());
        }
        if (failure instanceof ManagementFailure.Invalid invalid) {
            return writer.respondSignalWireValidation(invalid(invalid).errors());
        }
        if (failure instanceof ManagementFailure.Unauthenticated || failure instanceof ManagementFailure.LoginRefused) {
            return respond(request, GatewayError.UNAUTHORIZED, null);
        }
        if (failure instanceof ManagementFailure.Forbidden) {
            return respond(request, GatewayError.FORBIDDEN, null);
        }
        if (failure instanceof ManagementFailure.Throttled) {
            return respond(request, GatewayError.TOO_MANY_REQUESTS, null);
        }
        if (failure instanceof ManagementFailure.NotFound) {
            return respond(request, GatewayError.NOT_FOUND, null);
        }
        if (failure instanceof ManagementFailure.Conflict) {
            return respond(request, GatewayError.CONFLICT, null);
        }
        if (failure instanceof ManagementFailure.UnreadableBody unreadable) {
            return respond(request, unreadable.problem() == ManagementFailure.BodyProblem.UNSUPPORTED_TYPE
                    ? GatewayError.UNSUPPORTED_MEDIA_TYPE : GatewayError.BAD_REQUEST, null);
        }
        return null;
    }

    private static SignalWireProblem invalid(ManagementFailure.Invalid invalid) {
        if (invalid.reason() == ManagementFailure.Reason.NESTED) {
            return SignalWireProblem.invalid("nested_subprojects_not_allowed",
                    "Subprojects can only be created under a top-level project.", null);
        }
        if ("subproject_id".equals(invalid.field())) {
            return SignalWireRequests.invalidSubprojectId();
        }
        if ("permissions".equals(invalid.field()) && invalid.reason() == ManagementFailure.Reason.NOT_HELD) {
            return SignalWireProblem.invalid("invalid_auth_token_permissions", "Permissions cannot include permissions "
                    + "that the token used to authenticate the request does not have.", "permissions");
        }
        return SignalWireProblem.invalid("invalid_parameter", invalid.field() + " is invalid", invalid.field());
    }
}
