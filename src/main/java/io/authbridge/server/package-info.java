/**
 * The gateway's own listening port: limits on clients that are slow to send their requests.
 */
package io.authbridge.server;
