/**
 * The Exceptionless dialect of the management APIs under {@code /api/v2}: the route table, the request fields
 * with Exceptionless's validation messages, the snake_case views, and how each refusal reads
 * ({@code application/problem+json}). Everything here is wire format; the rules are in the idea packages.
 */
package io.authbridge.management.exceptionless;
