/**
 * Creates the first global administrator on an empty store.
 */
package io.authbridge.bootstrap;
