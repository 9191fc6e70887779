package io.authbridge.error;


/** The shape of error responses, chosen per route by its {@code dialect} metadata. */
public enum ErrorDialect {
    /** SignalWire REST: {@code {"error":"Unauthorized"}}. */
    SIGNALWIRE,
    /** Exceptionless: {@code application/problem+json}. */
    EXCEPTIONLESS,
    /** SignalWire Compatibility (LaML) API: Twilio-style {@code {"code":20003,...}}. */
    LAML;

    /** The dialect named by {@code value} (any case), or null when it names none. */
    private static final ErrorDialect[] VALUES = values();

    public static ErrorDialect fromName(Object value) {
        if (value == null) {
            return null;
        }
        // read on every request from route metadata: no upper-case copy, no values() clone
        String name = value.toString().trim();
        for (ErrorDialect dialect : VALUES) {
            if (dialect.name().equalsIgnoreCase(name)) {
                return dialect;
            }
        }
        return null;
    }
}
