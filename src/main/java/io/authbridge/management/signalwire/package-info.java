/**
 * The SignalWire dialect of the management APIs ({@code /api/project/tokens}, {@code /api/projects}): the
 * route table (only {@code Basic project_id:token} is taken), the request fields with SignalWire's error
 * codes, the views, and how each refusal reads. Everything here is wire format; the rules are in
 * {@code management.projecttree}.
 */
package io.authbridge.management.signalwire;
