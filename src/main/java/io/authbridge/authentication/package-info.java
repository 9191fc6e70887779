/**
 * Turns the parsed credential into an authenticated principal (or a rejection), limits repeated failures, and sets the identity headers the upstream receives.
 */
package io.authbridge.authentication;
