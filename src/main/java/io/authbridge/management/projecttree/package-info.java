/**
 * SignalWire's model of management: a project credential holding {@code management} manages its project
 * tree, that is its subprojects (one level only) and the tokens with permissions in them, never granting a
 * permission it lacks.
 */
package io.authbridge.management.projecttree;
