/**
 * The route filters users write in YAML, Authorize and UpstreamAuth, and the access rules they share with the explain API.
 */
package io.authbridge.authorization;
