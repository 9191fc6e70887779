/**
 * The one-pass routing to the upstream that replaces Spring Cloud Gateway's routing and header filters for speed, and the route snapshot lookup.
 */
package io.authbridge.upstream;
