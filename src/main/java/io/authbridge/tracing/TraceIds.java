package io.authbridge.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/** The trace id of an exchange's server span, for the access log. */
public final class TraceIds {

    private TraceIds() {
    }

    /** The trace id, or null when the request is not traced. */
    public static String of(ServerWebExchange exchange) {
        ServerRequestObservationContext context = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
            .orElse(null);
        if (context == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        Span span = tracing == null ? null : tracing.getSpan();
        return span == null ? null : span.context().traceId();
    }
}
