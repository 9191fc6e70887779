/**
 * The one-pass routing to the upstream that replaces Spring Cloud Gateway's routing and header filters for speed, the
 * route snapshot lookup, and the routing client's connections: one answer per request on each of them
 * ({@code Http1Exchanges}, in both modes) and the response deadline.
 */
package io.authbridge.upstream;
