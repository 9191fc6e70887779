/**
 * Parses the incoming credential (Bearer, Token, Basic project_id:token, query parameter) into a sealed type; malformed input is a rejection, never an exception.
 */
package io.authbridge.credential;
