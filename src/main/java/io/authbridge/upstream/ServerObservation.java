package io.authbridge.upstream;

import java.util.Map;

import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;

/**
 * Spring's observation of every server request ({@code http.server.requests}), which AuthBridge turns off in
 * application.yml ({@code authbridge_requests} counts requests instead) and tracing turns back on. Off, Spring
 * still creates it on every request only for the registry to find it disabled (about 0.5 µs: the property
 * lookup behind Spring Boot's {@code PropertiesObservationFilterPredicate}). When Spring Boot's properties turn
 * it off, no other predicate can turn it on again, so the fast path hands the server the registry it has when
 * there is none ({@code ObservationRegistry.NOOP}): the same requests, without the lookup.
 */
final class ServerObservation {

    private ServerObservation() {
    }

    /**
     * Whether {@code management.observations.enable} turns off the observation of this name, looked up as Spring
     * Boot does: the name, then each shorter prefix of its dot-separated parts, then {@code all}; on when unset.
     */
    static boolean turnedOff(ObservationProperties properties, String name) {
        Map<String, Boolean> enable = properties.getEnable();
        String key = name;
        while (!key.isEmpty()) {
            Boolean value = enable.get(key);
            if (value != null) {
                return !value;
            }
            int dot = key.lastIndexOf('.');
            key = dot < 0 ? "" : key.substring(0, dot);
        }
        return Boolean.FALSE.equals(enable.get("all"));
    }
}
