/**
 * Bringing existing tokens: {@code POST /api/v2/admin/tokens/import} takes the secrets that clients of an
 * Exceptionless or SignalWire deployment already hold, as a JSON array or JSON lines, and stores each under its
 * keyed hash as an API key of its project, so that it works at once as {@code Bearer} and as
 * {@code Basic project_id:token}. The body is read incrementally ({@link io.authbridge.management.tokenimport.RowReader}),
 * every secret is hashed as its row is read, and the rows are written in batches
 * ({@link io.authbridge.management.tokenimport.TokenImportService}). Dialect-neutral: the Exceptionless dialect
 * serves the endpoint.
 */
package io.authbridge.management.tokenimport;
