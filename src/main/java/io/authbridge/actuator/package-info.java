/**
 * Actuator endpoints as AuthBridge serves them.
 */
package io.authbridge.actuator;
