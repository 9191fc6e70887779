/**
 * Records when a token was last used, buffered in memory and flushed to the store in batches.
 */
package io.authbridge.lastused;
