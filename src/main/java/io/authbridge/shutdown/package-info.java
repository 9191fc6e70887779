/**
 * The drain on shutdown (SIGTERM): readiness turns DOWN at once, the gateway keeps serving for
 * {@code authbridge.shutdown.drain} while load balancers take it out, every response from then on asks the
 * client to close its connection, and only then does Spring Boot's graceful shutdown close the port and let the
 * requests in flight finish.
 */
package io.authbridge.shutdown;
