/**
 * Who may do what in the management APIs: {@link io.authbridge.management.access.Operation} lists every
 * operation with what its caller must be (a user, a login, a global administrator, a project credential with
 * {@code management}), and {@link io.authbridge.management.access.Access} checks it and says which
 * organizations and projects a caller sees. The privilege-escalation matrix test holds the two to the
 * documented model.
 */
package io.authbridge.management.access;
