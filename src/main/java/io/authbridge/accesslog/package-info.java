/**
 * The access log: one line per request, written off the event loop, never containing a secret.
 */
package io.authbridge.accesslog;
