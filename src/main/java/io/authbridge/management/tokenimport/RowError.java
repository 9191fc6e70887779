package io.authbridge.management.tokenimport;

/**
 * Why one row was not imported: a stable snake_case {@code code} for scripts and a sentence for people. No
 * message ever repeats a secret.
 *
 * @param code e.g. {@code duplicate}, {@code unknown_project}, {@code token_too_short}
 * @param message what is wrong with the row and, where it helps, how to fix it
 */
public record RowError(String code, String message) {

    static RowError notAnObject() {
        return new RowError("not_an_object", "A row must be a JSON object.");
    }

    static RowError unknownField(String field) {
        return new RowError("unknown_field", "Unknown field " + quoted(field)
                + "; a row has token, project_id, scopes, permissions, notes, name and expires_utc.");
    }

    static RowError repeatedField(String field) {
        return new RowError("repeated_field", "The field " + quoted(field) + " is given twice.");
    }

    static RowError wrongType(String field, String expected) {
        return new RowError("invalid_" + field, "The field " + field + " must be " + expected + ".");
    }

    static RowError invalid(String field, String message) {
        return new RowError("invalid_" + field, message);
    }

    static RowError missing(String field) {
        return new RowError("missing_" + field, "The field " + field + " is required.");
    }

    /**
     * A field name as the client wrote it, when it is shorter than any importable secret: an export that keys
     * its objects by token must not have its secrets echoed back.
     */
    private static String quoted(String field) {
        if (field.length() >= TokenImportService.MIN_SECRET_LENGTH) {
            return "(a name of " + field.length() + " characters, not shown)";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            out.append(c < ' ' || c >= 0x7F ? '?' : c);
        }
        return out.append('"').toString();
    }
}
