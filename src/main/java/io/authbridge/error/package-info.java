/**
 * The error dialects: the one place that writes every error body and WWW-Authenticate challenge, in the route's dialect.
 */
package io.authbridge.error;
