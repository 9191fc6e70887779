package io.authbridge.management.exceptionless;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.management.JsonBodies;
import org.springframework.web.reactive.function.server.ServerRequest;
import tools.jackson.databind.JsonNode;

/**
 * Reading Exceptionless request fields with Exceptionless's validation messages (422, keyed by field).
 */
final class ExceptionlessRequests {

    private ExceptionlessRequests() {
    }

    /** An id in the path; the route's pattern admits only the canonical UUID form. */
    static UUID pathId(ServerRequest request, String variable) {
        return Uuids.parse(request.pathVariable(variable));
    }

    /** A query parameter between {@code min} and {@code max}, {@code fallback} when absent. */
    static int intParam(ServerRequest request, String name, int fallback, int min, int max) {
        String value = request.queryParam(name).orElse(null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw ExceptionlessProblem.invalid(name, "The " + name + " must be between " + min + " and " + max + ".");
            }
            return parsed;
        }
        catch (NumberFormatException ex) {
            throw ExceptionlessProblem.invalid(name, "The " + name + " must be a number.");
        }
    }

    /** A string field; null when absent or null; 422 when of another type. */
    static String text(JsonNode body, String field) {
        JsonNode node = JsonBodies.field(body, field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ExceptionlessProblem.invalid(field, "The " + field + " field must be a string.");
        }
        return node.asString();
    }

    static String requiredText(JsonNode body, String field, String label) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw ExceptionlessProblem.invalid(field, "The " + label + " field is required.");
        }
        return value.trim();
    }

    /**
     * A password of 6 to 100 characters; an absent one is "required" where Exceptionless says so ({@code login}),
     * else too short.
     */
    static String password(JsonNode body, boolean login) {
        String password = text(body, "password");
        if (login && (password == null || password.isEmpty())) {
            throw ExceptionlessProblem.invalid("password", "The Password field is required.");
        }
        if (password == null || password.length() < 6 || password.length() > 100) {
            throw ExceptionlessProblem.invalid("password",
                    "The field Password must be a string with a minimum length of 6 and a maximum length of 100.");
        }
        return password;
    }

    static String boundedText(JsonNode body, String field, String label, int maxLength) {
        String value = requiredText(body, field, label);
        if (value.length() > maxLength) {
            throw ExceptionlessProblem.invalid(field, "The field " + label + " must be a string with a maximum length of "
                    + maxLength + ".");
        }
        return value;
    }

    static Boolean bool(JsonNode body, String field) {
        JsonNode node = JsonBodies.field(body, field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ExceptionlessProblem.invalid(field, "The " + field + " field must be true or false.");
        }
        return node.asBoolean();
    }

    static UUID id(JsonNode body, String field, String message) {
        UUID id = Uuids.parse(text(body, field));
        if (id == null) {
            throw ExceptionlessProblem.invalid(field, message);
        }
        return id;
    }

    /** Strings of an array field; null when absent; 422 when not an array of strings. */
    static List<String> strings(JsonNode body, String field, String message) {
        JsonNode node = JsonBodies.field(body, field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw ExceptionlessProblem.invalid(field, message);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw ExceptionlessProblem.invalid(field, message);
            }
            values.add(item.asString());
        }
        return values;
    }

    /** An ISO-8601 date; without an offset it is UTC, as .NET reads it. */
    static Instant instant(JsonNode body, String field) {
        String text = text(body, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        }
        catch (DateTimeParseException ex) {
            try {
                return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
            }
            catch (DateTimeParseException again) {
                throw ExceptionlessProblem.invalid(field, "The " + field + " field must be an ISO-8601 date.");
            }
        }
    }
}
