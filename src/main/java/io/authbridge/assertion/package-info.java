/**
 * Signed identity for upstreams: the JWT that {@code UpstreamAuth mode: jwt} sends instead of the caller's
 * credential, the keys it is signed with, their JWKS at {@code /.well-known/jwks.json}, and the cache that
 * reuses an assertion while it is young enough. {@link io.authbridge.assertion.IdentityAssertions} is what the
 * rest of the gateway uses.
 */
package io.authbridge.assertion;
