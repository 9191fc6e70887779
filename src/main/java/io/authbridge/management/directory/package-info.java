/**
 * The directory as its users manage it: organizations and their projects (what a caller's organizations
 * hold, new ones, members) and the people who log in. The records and their store are
 * {@code io.authbridge.directory}; who sees what is {@code management.access}.
 */
package io.authbridge.management.directory;
