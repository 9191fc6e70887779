package io.authbridge.management.tokenimport;

import java.util.List;

/**
 * One row as the body gave it, before it is checked: each field's text (null when absent or JSON null), or
 * the {@code problem} that makes it no row at all (not an object, an unknown field, a field of the wrong
 * JSON type). It lives only until its secret is hashed; {@link #toString()} never shows the secret.
 *
 * @param index position in the body, from 0
 * @param line line of the body where the row begins, from 1
 */
record RawRow(int index, int line, String token, String projectId, List<String> scopes, List<String> permissions,
        String notes, String name, String expiresUtc, RowError problem) {

    @Override
    public String toString() {
        return "RawRow[index=" + index + ", line=" + line + ", projectId=" + projectId
                + (problem == null ? "" : ", problem=" + problem.code()) + "]";
    }
}
