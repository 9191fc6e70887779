/**
 * The web console at {@code /console/}: static files shipped in the jar (no build step), served from memory
 * with a Content-Security-Policy that allows only its own scripts and styles. It is a client of the
 * management APIs only, so everything it does can be done with curl.
 */
package io.authbridge.console;
