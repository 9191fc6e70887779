package io.authbridge.management.tokenimport;

/**
 * The body as a whole cannot be imported, so nothing of it is: it is not JSON from some row on, it holds no
 * rows, or it is over the limits. Raised before any row is written, so that a truncated or oversized upload
 * never leaves half a file imported.
 */
public final class ImportRefused extends RuntimeException {

    /** What is wrong with the body. */
    public enum Reason {
        /** No bytes, or only whitespace. */
        EMPTY,
        /** Not valid JSON at {@link #row()} ({@link #line()}, {@link #column()}). */
        NOT_JSON,
        /** Valid JSON, but neither an array of rows nor objects one after another. */
        NOT_ROWS,
        /** More rows than {@link TokenImportService#MAX_ROWS}. */
        TOO_MANY_ROWS,
        /** More bytes than {@link TokenImportService#MAX_BYTES}. */
        TOO_LARGE
    }

    private final Reason reason;

    private final int row;

    private final int line;

    private final int column;

    ImportRefused(Reason reason, int row, int line, int column) {
        super(reason + " at row " + row + " (line " + line + ", column " + column + ")", null, false, false);
        this.reason = reason;
        this.row = row;
        this.line = line;
        this.column = column;
    }

    public Reason reason() {
        return reason;
    }

    /** The row (from 0) being read when the body failed. */
    public int row() {
        return row;
    }

    /** The line (from 1) where it failed, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The column (from 1) where it failed, or 0 when unknown. */
    public int column() {
        return column;
    }
}
