package io.authbridge.management;

import java.util.Locale;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
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
 * content type), an object at the top. Anything else is an {@code UnreadableBody} (or, when too large, the
 * codec's {@code DataBufferLimitException}): the client's error, never a 500. Field names are matched
 * case-insensitively, as Exceptionless does.
 */
public final class JsonBodies {

    /** Largest body accepted; the biggest legitimate body is a few hundred bytes. */
    static final int MAX_BYTES = 64 * 1024;

    private final JsonMapper json;

    JsonBodies(JsonMapper json) {
        this.json = json;
    }

    /** The body as an object; an empty object when the body is empty and {@code optional}. */
    Mono<JsonNode> read(ServerRequest request, boolean optional) {
        MediaType type;
        try {
            type = contentType(request);
        }
        catch (ManagementFailure.UnreadableBody unreadable) {
            return Mono.error(unreadable);
        }
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

    /**
     * The request's content type, or null when it has none. One that does not parse ({@code ;;;}, {@code a/b/c},
     * an unknown or unterminated charset) is an unsupported type (415), the client's error, never a 500.
     */
    public static MediaType contentType(ServerRequest request) {
        try {
            return request.headers().contentType().orElse(null);
        }
        catch (InvalidMediaTypeException ex) {
            throw new ManagementFailure.UnreadableBody(ManagementFailure.BodyProblem.UNSUPPORTED_TYPE);
        }
    }

    private JsonNode parse(byte[] bytes, MediaType type, boolean optional) {
        if (isBlank(bytes)) {
            if (optional) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw new ManagementFailure.UnreadableBody(ManagementFailure.BodyProblem.EMPTY);
        }
        if (type != null && !type.isCompatibleWith(MediaType.APPLICATION_JSON)
                && !type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json")) {
            throw new ManagementFailure.UnreadableBody(ManagementFailure.BodyProblem.UNSUPPORTED_TYPE);
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        }
        catch (JacksonException ex) {
            throw new ManagementFailure.UnreadableBody(ManagementFailure.BodyProblem.NOT_JSON);
        }
        if (node == null || !node.isObject()) {
            throw new ManagementFailure.UnreadableBody(ManagementFailure.BodyProblem.NOT_AN_OBJECT);
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
