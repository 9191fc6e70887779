/**
 * Tracing, off unless an OTLP endpoint is configured: then W3C {@code traceparent} is honoured, the server span
 * and a client span per proxied request are recorded (Micrometer Tracing over the OpenTelemetry SDK, Spring Boot's
 * {@code management.tracing.*} / {@code management.opentelemetry.tracing.export.otlp.*} properties), the upstream
 * receives the client span as its parent, and the access-log line carries the trace id.
 */
package io.authbridge.tracing;
