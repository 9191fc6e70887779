/**
 * One canonical path per request (SPEC §10): the raw request path is canonicalised once, before any route,
 * management API or console handler is looked up, so that the path a route is chosen on, the path its URI
 * variables are read from and the path the upstream receives are one string. A path that cannot be
 * canonicalised safely is refused with 400 in the default error dialect.
 */
package io.authbridge.path;
