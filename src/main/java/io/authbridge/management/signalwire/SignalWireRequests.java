package io.authbridge.management.signalwire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementException;
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
                throw ManagementException.signalWireInvalid("missing_required_parameter", MISSING, "name");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            throw ManagementException.signalWireInvalid("invalid_parameter", "Name must be present", "name");
        }
        String name = node.asString().trim();
        if (name.length() > 250) {
            throw ManagementException.signalWireInvalid("invalid_parameter",
                    "Name must be less than or equal to 250 characters", "name");
        }
        return name;
    }

    /** A permission list as a mask; absent or empty is missing, an unknown name is invalid. */
    static Integer permissions(JsonNode body, boolean required) {
        JsonNode node = JsonBodies.field(body, "permissions");
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            if (required || node != null) {
                throw ManagementException.signalWireInvalid("missing_required_parameter", MISSING, "permissions");
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

    private static ManagementException invalidPermissions() {
        return ManagementException.signalWireInvalid("invalid_auth_token_permissions",
                "Permissions contains invalid selections (valid permissions are: " + Permission.validNamesSentence() + ")",
                "permissions");
    }

    /** {@code links} of a SignalWire list: self, first, and next when there is a next page. */
    static Map<String, Object> links(ServerRequest request, int pageSize, int pageNumber, boolean hasNext) {
        String path = request.path();
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", path + "?page_size=" + pageSize + (pageNumber > 0 ? "&page_number=" + pageNumber : ""));
        links.put("first", path + "?page_size=" + pageSize);
        if (hasNext) {
            links.put("next", path + "?page_size=" + pageSize + "&page_number=" + (pageNumber + 1));
        }
        if (pageNumber > 0) {
            links.put("prev", path + "?page_size=" + pageSize + "&page_number=" + (pageNumber - 1));
        }
        return links;
    }

    /** One page of {@code items} in the SignalWire list envelope. */
    static Map<String, Object> page(ServerRequest request, List<Map<String, Object>> items) {
        int pageSize = intParam(request, "page_size", 50, 1, 1000);
        int pageNumber = intParam(request, "page_number", 0, 0, Integer.MAX_VALUE);
        long from = Math.min((long) pageSize * pageNumber, items.size());
        int to = (int) Math.min(from + pageSize, items.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("links", links(request, pageSize, pageNumber, to < items.size()));
        body.put("data", items.subList((int) from, to));
        return body;
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
        throw ManagementException.signalWireInvalid("invalid_parameter", name + " must be between " + min + " and " + max,
                name);
    }
}
