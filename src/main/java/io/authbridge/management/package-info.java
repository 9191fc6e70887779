/**
 * The management APIs, served by the gateway itself before any route: one package per idea, each
 * dialect-neutral, under two dialect packages that alone know their wire format.
 *
 * <ul>
 * <li>{@code session}: login and logout; {@code directory}: organizations, projects, users;
 * {@code apikey}: Exceptionless's API keys; {@code projecttree}: SignalWire's tokens and subprojects;
 * {@code access}: who may call what and see which records; {@code audit}: the audit log;
 * {@code tokenimport}: bringing the tokens that clients of another deployment already hold.</li>
 * <li>{@code exceptionless} and {@code signalwire}: the routes, request fields, views and error words of each
 * dialect. A new endpoint is a route and a handler there, over a service of the idea it belongs to (or a new
 * idea package beside these), with its operation listed in {@code access.Operation}.</li>
 * <li>Here: the {@link io.authbridge.management.Caller} resolved once per request and the body read
 * ({@link io.authbridge.management.ManagementHandlers}), the neutral refusals
 * ({@link io.authbridge.management.ManagementFailure}) and the filter that has them answered
 * ({@link io.authbridge.management.ManagementErrors}), and the OpenAPI document.</li>
 * </ul>
 */
package io.authbridge.management;
