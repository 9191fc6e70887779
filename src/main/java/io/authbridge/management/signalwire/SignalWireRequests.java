package io.authbridge.management.signalwire;

import java.util.List;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.management.JsonBodies;
import io.authbridge.token.Permission;
import org.springframework.web.reactive.function.server.ServerRequest;
import tools.jackson.databind.JsonNode;

/** SignalWire request fields, with SignalWire's error codes. */
final class SignalWireRequests {

    static final String MISSING = "A required parameter is missing from the request. Please refer to the technical "
            + "reference for a complete list of parameters.";

    private SignalWireRequests() {
    }

    /** A name: absent is {@code missing_required_parameter}, blank is {@code invalid_parameter}. */
    static String name(JsonNode body, boolean required) {
        JsonNode node = JsonBodies.field(body, "name");
        if (node == null || node.isNull()) {
            if (required) {
                throw SignalWireProblem.invalid("missing_required_parameter", MISSING, "name");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            throw SignalWireProblem.invalid("invalid_parameter", "Name must be present", "name");
        }
        String name = node.asString().trim();
        if (name.length() > 250) {
            throw SignalWireProblem.invalid("invalid_parameter",
                    "Name must be less than or equal to 250 characters", "name");
        }
        return name;
    }

    /** A permission list as a mask; absent or empty is missing, an unknown name is invalid. */
    static Integer permissions(JsonNode body, boolean required) {
        JsonNode node = JsonBodies.field(body, "permissions");
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            if (required || node != null) {
                throw SignalWireProblem.invalid("missing_required_parameter", MISSING, "permissions");
            }
            return null;
        }
        if (!node.isArray()) {
            throw invalidPermissions();
        }
        int mask = 0;
        for (JsonNode item : node) {
            Permission permission = item.isString() ? Permission.fromWireName(item.asString()) : null;
            if (permission == null) {
                throw invalidPermissions();
            }
            mask |= permission.bit();
        }
        return mask;
    }

    private static SignalWireProblem invalidPermissions() {
        return SignalWireProblem.invalid("invalid_auth_token_permissions",
                "Permissions contains invalid selections (valid permissions are: " + Permission.validNamesSentence() + ")",
                "permissions");
    }

    /** A subproject id: absent is null, anything but an id is {@code invalid_subproject_id}. */
    static UUID subprojectId(JsonNode body) {
        JsonNode node = JsonBodies.field(body, "subproject_id");
        if (node == null || node.isNull()) {
            return null;
        }
        UUID id = node.isString() ? Uuids.parse(node.asString()) : null;
        if (id == null) {
            throw invalidSubprojectId();
        }
        return id;
    }

    static SignalWireProblem invalidSubprojectId() {
        return SignalWireProblem.invalid("invalid_subproject_id", "The subproject ID passed could not be found or does "
                + "not belong to the project being used to authenticate the request.", "subproject_id");
    }

    /** One page of {@code items} ({@code page_size}, {@code page_number} from 0) in the SignalWire list envelope. */
    static <T> SignalWireViews.Page<T> page(ServerRequest request, List<T> items) {
        int pageSize = intParam(request, "page_size", 50, 1, 1000);
        int pageNumber = intParam(request, "page_number", 0, 0, Integer.MAX_VALUE);
        long from = Math.min((long) pageSize * pageNumber, items.size());
        int to = (int) Math.min(from + pageSize, items.size());
        String path = request.path() + "?page_size=" + pageSize;
        SignalWireViews.Links links = new SignalWireViews.Links(
                pageNumber > 0 ? path + "&page_number=" + pageNumber : path, path,
                to < items.size() ? path + "&page_number=" + (pageNumber + 1) : null,
                pageNumber > 0 ? path + "&page_number=" + (pageNumber - 1) : null);
        return new SignalWireViews.Page<>(links, items.subList((int) from, to));
    }

    private static int intParam(ServerRequest request, String name, int fallback, int min, int max) {
        String value = request.queryParam(name).orElse(null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw SignalWireProblem.invalid("invalid_parameter", name + " must be between " + min + " and " + max,
                name);
    }
}
