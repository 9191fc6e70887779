package io.authbridge.management;

import java.util.Locale;

import io.authbridge.error.GatewayError;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a management request's JSON object: at most {@link #MAX_BYTES}, {@code application/json} (or no
 * content type), an object at the top. Anything else is the client's error (400, 413, 415), never a 500.
 * Field names are matched case-insensitively, as Exceptionless does.
 */
public final class JsonBodies {

    /** Largest body accepted; the biggest legitimate body is a few hundred bytes. */
    public static final int MAX_BYTES = 64 * 1024;

    private final JsonMapper json;

    public JsonBodies(JsonMapper json) {
        this.json = json;
    }

    /** The body as an object; an empty object when the body is empty and {@code optional}. */
    public Mono<JsonNode> read(ServerRequest request, boolean optional) {
        MediaType type = request.headers().contentType().orElse(null);
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BYTES)
            .map(buffer -> {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                DataBufferUtils.release(buffer);
                return bytes;
            })
            .defaultIfEmpty(new byte[0])
            .map(bytes -> parse(bytes, type, optional));
    }

    private JsonNode parse(byte[] bytes, MediaType type, boolean optional) {
        if (isBlank(bytes)) {
            if (optional) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw ManagementException.badRequest("A non-empty request body is required.");
        }
        if (type != null && !type.isCompatibleWith(MediaType.APPLICATION_JSON)
                && !type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json")) {
            throw ManagementException.of(GatewayError.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type");
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        }
        catch (JacksonException ex) {
            throw ManagementException.badRequest("The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw ManagementException.badRequest("The request body must be a JSON object.");
        }
        return node;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The property {@code name} of {@code body}, matched case-insensitively; null when absent. */
    public static JsonNode field(JsonNode body, String name) {
        JsonNode exact = body.get(name);
        if (exact != null) {
            return exact;
        }
        for (String property : body.propertyNames()) {
            if (property.equalsIgnoreCase(name)) {
                return body.get(property);
            }
        }
        return null;
    }
}
