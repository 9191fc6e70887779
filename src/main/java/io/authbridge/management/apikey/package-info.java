/**
 * Exceptionless's project API keys: keys with scopes ({@code client}, {@code user}, {@code global}) minted,
 * listed, disabled and deleted by a user's login token in the projects of the user's organizations; another
 * key never manages keys, whatever its scopes.
 */
package io.authbridge.management.apikey;
