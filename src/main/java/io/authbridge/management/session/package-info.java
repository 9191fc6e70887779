/**
 * Sessions: a login (email and password) mints a login token that acts as its user, behind the lockout of
 * repeated attempts per email and per client address; a logout revokes it.
 */
package io.authbridge.management.session;
