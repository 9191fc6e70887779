package io.authbridge.error;

import org.springframework.http.HttpStatus;

/**
 * Every error the gateway answers itself, with its status in each dialect and the texts each dialect uses.
 * A missing scope or permission is 403 in Exceptionless but 401 in SignalWire's dialects, as SignalWire
 * documents it.
 */
public enum GatewayError {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "rfc9110#section-15.5.1", "Bad Request", 20400),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "rfc9110#section-15.5.2", "Unauthorized", 20003),
    FORBIDDEN(HttpStatus.FORBIDDEN, "rfc9110#section-15.5.4", "Forbidden", 20003),
    NOT_FOUND(HttpStatus.NOT_FOUND, "rfc9110#section-15.5.5", "Not Found", 20404),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "rfc9110#section-15.5.6", "Method Not Allowed", 20405),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "rfc9110#section-15.5.9", "Request Timeout", 20408),
    CONFLICT(HttpStatus.CONFLICT, "rfc9110#section-15.5.10", "Conflict", 20409),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "rfc9110#section-15.5.14", "Content Too Large", 20413),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "rfc9110#section-15.5.16", "Unsupported Media Type", 20415),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, null, "Too Many Requests", 20429),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "rfc9110#section-15.6.1", "Internal Server Error", 20500),
    BAD_GATEWAY(HttpStatus.BAD_GATEWAY, "rfc9110#section-15.6.3", "Bad Gateway", 20502),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "rfc9110#section-15.6.4", "Service Unavailable", 20503),
    GATEWAY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "rfc9110#section-15.6.5", "Gateway Timeout", 20504),
    HTTP_VERSION_NOT_SUPPORTED(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "rfc9110#section-15.6.6", "HTTP Version Not Supported",
            20505);

    private final HttpStatus status;

    private final String problemType;

    private final String title;

    private final int compatCode;

    GatewayError(HttpStatus status, String rfcSection, String title, int compatCode) {
        this.status = status;
        this.problemType = rfcSection == null ? null : "https://tools.ietf.org/html/" + rfcSection;
        this.title = title;
        this.compatCode = compatCode;
    }

    /** The status this error is answered with in {@code dialect}. */
    public HttpStatus status(ErrorDialect dialect) {
        if (this == FORBIDDEN && dialect != ErrorDialect.EXCEPTIONLESS) {
            return HttpStatus.UNAUTHORIZED;
        }
        return status;
    }

    /** The problem {@code type} URI, or null where ASP.NET writes none (429). */
    public String problemType() {
        return problemType;
    }

    public String title() {
        return title;
    }

    /** The title in {@code dialect}: a forbidden answered as 401 reads "Unauthorized", as SignalWire writes it. */
    public String title(ErrorDialect dialect) {
        HttpStatus answered = status(dialect);
        return answered == status ? title : forStatus(answered.value()).title();
    }

    /** The Twilio-style code of the LaML dialect. */
    public int compatCode() {
        return compatCode;
    }

    /** The LaML message. */
    public String compatMessage() {
        return switch (this) {
            case UNAUTHORIZED, FORBIDDEN -> "Authentication failed";
            case NOT_FOUND -> "The requested resource was not found";
            case TOO_MANY_REQUESTS -> "Too many requests";
            default -> title;
        };
    }

    /** The error a bare status maps to, for failures that carry only a status. */
    public static GatewayError forStatus(int status) {
        for (GatewayError error : values()) {
            if (error.status.value() == status) {
                return error;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
