/**
 * The audit log: who created, changed or deleted which token, project, organization or user, when and from
 * where, and every refused login. Every management service records through it; global administrators read
 * it ({@code GET /api/v2/admin/audit-log}). No secret is ever recorded.
 */
package io.authbridge.management.audit;
