/**
 * The RateLimit route filter and its limiters: local, or shared through Redis.
 */
package io.authbridge.ratelimit;
