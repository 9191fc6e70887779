package io.authbridge.management.tokenimport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads import rows from a body as its chunks arrive, with Jackson's non-blocking parser: what is held between
 * chunks is the parser's state and the row being read, never the body. The body is either one JSON array of
 * row objects or row objects one after another (JSON lines: one per line, though any whitespace separates
 * them); its first character decides which. A value that is no object is a row of its own that cannot be
 * imported; JSON that is not valid from some point on, or a body over the limits, refuses the whole body
 * ({@link ImportRefused}). One reader reads one body, on one thread at a time.
 */
final class RowReader {

    /** The fields of a row, lowercase; names are matched case-insensitively, as the management APIs do. */
    static final Set<String> FIELDS = Set.of("token", "project_id", "scopes", "permissions", "notes", "name",
            "expires_utc");

    /** Far above any legitimate value (notes: 2,000 characters) and nesting, far below what would hurt. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxStringLength(16 * 1024)
            .maxNameLength(1024)
            .maxNumberLength(64)
            .maxNestingDepth(32)
            .build())
        .build();

    private enum Layout {
        UNKNOWN, ARRAY, LINES
    }

    private final JsonParser parser = FACTORY.createNonBlockingByteArrayParser(ObjectReadContext.empty());

    private final ByteArrayFeeder feeder = (ByteArrayFeeder) parser.nonBlockingInputFeeder();

    private final int maxRows;

    private final long maxBytes;

    private long bytes;

    private Layout layout = Layout.UNKNOWN;

    private boolean arrayClosed;

    /** Rows begun so far: the index of the next one. */
    private int rows;

    /** The row object being read, or null between rows. */
    private Row row;

    /** The array value of a field being collected, or null. */
    private List<String> list;

    /** Nesting depth of a value being skipped (an unknown field's object, say), or 0. */
    private int skipping;

    RowReader(int maxRows, long maxBytes) {
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
    }

    /** The rows completed by {@code chunk} (which the caller may reuse afterwards). */
    List<RawRow> feed(byte[] chunk, int length) {
        bytes += length;
        if (bytes > maxBytes) {
            throw refused(ImportRefused.Reason.TOO_LARGE);
        }
        List<RawRow> done = new ArrayList<>();
        try {
            feeder.feedInput(chunk, 0, length);
            drain(done);
        }
        catch (JacksonException ex) {
            throw notJson(ex);
        }
        return done;
    }

    /** The rows completed by the end of the body; refused when it ends inside a value or held nothing. */
    List<RawRow> end() {
        List<RawRow> done = new ArrayList<>();
        try {
            feeder.endOfInput();
            drain(done);
        }
        catch (JacksonException ex) {
            throw notJson(ex);
        }
        if (layout == Layout.UNKNOWN) {
            throw refused(ImportRefused.Reason.EMPTY);
        }
        if (row != null || skipping > 0 || (layout == Layout.ARRAY && !arrayClosed)) {
            throw refused(ImportRefused.Reason.NOT_JSON);
        }
        return done;
    }

    /** Gives the parser's buffers back, however the body ended. */
    void close() {
        parser.close();
    }

    private void drain(List<RawRow> done) {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            next(token, done);
        }
    }

    private void next(JsonToken token, List<RawRow> done) {
        if (skipping > 0) {
            if (token.isStructStart()) {
                skipping++;
            }
            else if (token.isStructEnd()) {
                skipping--;
            }
        }
        else if (row == null) {
            topLevel(token, done);
        }
        else if (list != null) {
            listElement(token);
        }
        else {
            inRow(token, done);
        }
    }

    /** Between rows: the start of the body, of a row, or the end of the array. */
    private void topLevel(JsonToken token, List<RawRow> done) {
        if (layout == Layout.UNKNOWN) {
            if (token == JsonToken.START_ARRAY) {
                layout = Layout.ARRAY;
                return;
            }
            if (token != JsonToken.START_OBJECT) {
                throw refused(ImportRefused.Reason.NOT_ROWS);
            }
            layout = Layout.LINES;
        }
        if (arrayClosed) {
            // something after the array: not a body of rows, whatever it is
            throw refused(ImportRefused.Reason.NOT_ROWS);
        }
        if (token == JsonToken.END_ARRAY) {
            arrayClosed = true;
            return;
        }
        Row begun = begin();
        if (token == JsonToken.START_OBJECT) {
            row = begun;
            return;
        }
        begun.fail(RowError.notAnObject());
        done.add(begun.build());
        if (token.isStructStart()) {
            skipping = 1;
        }
    }

    private Row begin() {
        if (rows >= maxRows) {
            throw refused(ImportRefused.Reason.TOO_MANY_ROWS);
        }
        return new Row(rows++, parser.currentTokenLocation().getLineNr());
    }

    private void inRow(JsonToken token, List<RawRow> done) {
        if (token == JsonToken.PROPERTY_NAME) {
            row.field(parser.currentName());
            return;
        }
        if (token == JsonToken.END_OBJECT) {
            done.add(row.build());
            row = null;
            return;
        }
        String field = row.takeField();
        boolean listField = "scopes".equals(field) || "permissions".equals(field);
        if (field == null) {
            // an unknown or repeated field's value: already reported
        }
        else if (token == JsonToken.VALUE_NULL) {
            // absent, as far as the row is concerned
        }
        else if (listField && token == JsonToken.START_ARRAY) {
            list = new ArrayList<>();
            row.collecting(field);
            return;
        }
        else if (!listField && token == JsonToken.VALUE_STRING) {
            row.text(field, parser.getString());
        }
        else {
            row.fail(RowError.wrongType(field, listField ? "an array of strings" : "a string"));
        }
        if (token.isStructStart()) {
            skipping = 1;
        }
    }

    private void listElement(JsonToken token) {
        if (token == JsonToken.END_ARRAY) {
            row.list(list);
            list = null;
            return;
        }
        if (token == JsonToken.VALUE_STRING) {
            list.add(parser.getString());
            return;
        }
        row.fail(RowError.wrongType(row.collecting(), "an array of strings"));
        if (token.isStructStart()) {
            skipping = 1;
        }
    }

    private ImportRefused notJson(JacksonException ex) {
        // never the parser's message: it quotes the input, which may be a secret
        TokenStreamLocation at = ex.getLocation();
        return new ImportRefused(ImportRefused.Reason.NOT_JSON, row == null ? rows : row.index,
                at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    }

    private ImportRefused refused(ImportRefused.Reason reason) {
        TokenStreamLocation at = parser.currentLocation();
        return new ImportRefused(reason, row == null ? rows : row.index, at.getLineNr(), at.getColumnNr());
    }

    /** A row being read: the fields seen, the first problem found. */
    private static final class Row {

        final int index;

        final int line;

        final Set<String> seen = new HashSet<>();

        String pendingField;

        String collecting;

        String token;

        String projectId;

        List<String> scopes;

        List<String> permissions;

        String notes;

        String name;

        String expiresUtc;

        RowError problem;

        Row(int index, int line) {
            this.index = index;
            this.line = line;
        }

        void field(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(lower)) {
                fail(RowError.unknownField(name));
                pendingField = null;
            }
            else if (!seen.add(lower)) {
                fail(RowError.repeatedField(lower));
                pendingField = null;
            }
            else {
                pendingField = lower;
            }
        }

        /** The known field whose value comes next, or null when that value is to be ignored. */
        String takeField() {
            String field = pendingField;
            pendingField = null;
            return field;
        }

        void collecting(String field) {
            collecting = field;
        }

        String collecting() {
            return collecting;
        }

        void text(String field, String value) {
            switch (field) {
                case "token" -> token = value;
                case "project_id" -> projectId = value;
                case "notes" -> notes = value;
                case "name" -> name = value;
                case "expires_utc" -> expiresUtc = value;
                default -> throw new IllegalStateException(field);
            }
        }

        void list(List<String> values) {
            if ("scopes".equals(collecting)) {
                scopes = values;
            }
            else {
                permissions = values;
            }
            collecting = null;
        }

        void fail(RowError error) {
            if (problem == null) {
                problem = error;
            }
        }

        RawRow build() {
            return new RawRow(index, line, token, projectId, scopes, permissions, notes, name, expiresUtc, problem);
        }
    }
}
