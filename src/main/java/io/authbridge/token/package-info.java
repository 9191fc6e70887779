/**
 * Token records, the store interface and its R2DBC implementation, the cache in front of it, and keyed hashing of secrets.
 */
package io.authbridge.token;
