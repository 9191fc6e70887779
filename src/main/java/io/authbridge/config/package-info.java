/**
 * Strict configuration: the routes' AuthBridge filter arguments and metadata, the {@code authbridge.*} properties
 * and the management port are checked before any port opens (and the routes again at every refresh), so that a
 * typo stops startup with one failure analysis naming the route and the argument instead of silently weakening
 * a route. {@code POST /actuator/refresh} re-reads the configuration and swaps the routes only when they pass.
 */
package io.authbridge.config;
