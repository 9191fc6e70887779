/**
 * Cross-instance cache invalidation over PostgreSQL LISTEN/NOTIFY.
 */
package io.authbridge.invalidation;
