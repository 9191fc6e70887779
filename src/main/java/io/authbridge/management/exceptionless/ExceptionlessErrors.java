package io.authbridge.management.exceptionless;

import java.util.List;
import java.util.Map;

import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.management.ManagementErrors;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.access.Requirement;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * How each refusal reads in the Exceptionless dialect: a problem ({@code application/problem+json}) whose
 * title is Exceptionless's message, or a 422 with the messages keyed by field. The texts are Exceptionless's
 * own where it has one.
 */
final class ExceptionlessErrors extends ManagementErrors {

    static final String INVALID_ORGANIZATION_ID = "Please specify a valid organization id.";

    static final String INVALID_ORGANIZATION_IDS = "Please specify valid organization ids.";

    static final String INVALID_SCOPE = "Invalid token scope requested.";

    ExceptionlessErrors(ErrorResponseWriter writer) {
        super(writer, ErrorDialect.EXCEPTIONLESS);
    }

    @Override
    protected Mono<ServerResponse> refusal(ServerRequest request, Throwable failure) {
        if (failure instanceof ExceptionlessProblem problem) {
            return problem.fieldErrors() != null ? validation(request, problem.fieldErrors())
                    : respond(request, problem.error(), problem.title());
        }
        if (failure instanceof ManagementFailure.Unauthenticated) {
            return respond(request, GatewayError.UNAUTHORIZED, null);
        }
        if (failure instanceof ManagementFailure.Throttled) {
            return respond(request, GatewayError.TOO_MANY_REQUESTS, null);
        }
        if (failure instanceof ManagementFailure.LoginRefused refused) {
            return respond(request, GatewayError.UNAUTHORIZED, refused.lockedOut() ? "Login denied." : "Login failed.");
        }
        if (failure instanceof ManagementFailure.Forbidden forbidden) {
            return respond(request, GatewayError.FORBIDDEN, title(forbidden));
        }
        if (failure instanceof ManagementFailure.NotFound notFound) {
            return respond(request, GatewayError.NOT_FOUND, switch (notFound.subject()) {
                case ORGANIZATION -> "Organization not found.";
                case PROJECT -> "Project not found.";
                case TOKEN -> "Token not found.";
                case USER -> "User not found.";
            });
        }
        if (failure instanceof ManagementFailure.Invalid invalid) {
            String field = invalid.field() == null ? "" : invalid.field();
            return validation(request, Map.of(field, List.of(message(invalid))));
        }
        if (failure instanceof ManagementFailure.Conflict conflict) {
            return validation(request, Map.of(conflict.field(), List.of("email_address".equals(conflict.field())
                    ? "A user with this email address already exists." : "The " + conflict.field() + " is taken.")));
        }
        if (failure instanceof ManagementFailure.UnreadableBody unreadable) {
            return switch (unreadable.problem()) {
                case EMPTY -> respond(request, GatewayError.BAD_REQUEST, "A non-empty request body is required.");
                case NOT_JSON -> respond(request, GatewayError.BAD_REQUEST, "The request body is not valid JSON.");
                case NOT_AN_OBJECT -> respond(request, GatewayError.BAD_REQUEST, "The request body must be a JSON object.");
                case UNSUPPORTED_TYPE -> respond(request, GatewayError.UNSUPPORTED_MEDIA_TYPE, null);
            };
        }
        return null;
    }

    /** Exceptionless refuses API keys where a user's session is needed with a message of its own. */
    private static String title(ManagementFailure.Forbidden forbidden) {
        if (forbidden.unmet() != Requirement.LOGIN) {
            return null;
        }
        return switch (forbidden.operation()) {
            case LOGOUT -> "Logout not supported for current user access token";
            case LIST_API_KEYS -> "Token authentication cannot access tokens.";
            case CREATE_API_KEY -> "Token authentication cannot create tokens.";
            case UPDATE_API_KEY -> "Token authentication cannot update tokens.";
            case DELETE_API_KEY -> "Token authentication cannot delete tokens.";
            case ADD_MEMBER -> "Token authentication cannot manage organization members.";
            case CREATE_ORGANIZATION -> "Token authentication cannot create organizations.";
            case CREATE_PROJECT -> "Token authentication cannot create projects.";
            case READ_CURRENT_USER -> "An API key acts for no user.";
            case LIST_ROUTES -> "Token authentication cannot list routes.";
            case EXPLAIN -> "Token authentication cannot explain requests.";
            default -> null;
        };
    }

    private static String message(ManagementFailure.Invalid invalid) {
        String field = String.valueOf(invalid.field());
        if (invalid.reason() == ManagementFailure.Reason.PAST) {
            return "The " + field + " must be in the future: a token that has expired already would never work.";
        }
        return switch (field) {
            case "organization_id" -> INVALID_ORGANIZATION_ID;
            case "organization_ids" -> INVALID_ORGANIZATION_IDS;
            case "scopes" -> INVALID_SCOPE;
            default -> "The " + field + " field is invalid.";
        };
    }

    private Mono<ServerResponse> validation(ServerRequest request, Map<String, List<String>> errors) {
        return writer.respondExceptionlessValidation(request.exchange(), HttpStatus.UNPROCESSABLE_CONTENT, errors);
    }
}
