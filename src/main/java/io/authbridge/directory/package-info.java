/**
 * The directory: organizations, their projects (and one level of subprojects), the users who log in and
 * their memberships, with the R2DBC store that keeps them. Who may see and change what is decided in
 * {@code management}; the first start fills it in {@code bootstrap}.
 */
package io.authbridge.directory;
