/**
 * What a token may call: every configured route with whether the token may call it, and the decision for
 * one method and path. Nothing here decides anything itself: the route is found by the gateway's own lookup,
 * the token is checked by the {@code Authenticator} and each route's {@code Authorize} requirements are
 * decided by {@code AccessRules}, the same calls a real request makes. The Exceptionless dialect serves it
 * as {@code GET /api/v2/admin/routes} and {@code POST /api/v2/admin/explain}.
 */
package io.authbridge.management.explain;
