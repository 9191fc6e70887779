/**
 * Store plumbing shared by the token and directory stores: R2DBC URLs, migrations, row mapping.
 */
package io.authbridge.store;
