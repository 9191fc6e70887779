/**
 * AuthBridge: one token store behind two credential styles. The application class and the exchange attribute keys every feature package shares; each idea lives in its own package below.
 */
package io.authbridge;
