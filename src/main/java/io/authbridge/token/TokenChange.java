package io.authbridge.token;

import java.time.Instant;

/**
 * What one request changes in a token: only the fields it names. {@link TokenService#update} applies it to the row
 * as it is under the chain's lock, so a change never writes back a field it did not ask about: a rename that read
 * the token before a concurrent disable committed cannot enable it again.
 *
 * @param nameGiven whether the name changes ({@code name} may then be null, which clears it)
 * @param notesGiven whether the notes change ({@code notes} may then be null, which clears them)
 * @param permissions the new {@link Permission} mask, or null to keep it
 * @param disabled whether the token itself is disabled, or null to keep it
 */
public record TokenChange(boolean nameGiven, String name, boolean notesGiven, String notes, Integer permissions,
        Boolean disabled) {

    private static final TokenChange NONE = new TokenChange(false, null, false, null, null, null);

    /** A change of nothing, to add changes to. */
    public static TokenChange none() {
        return NONE;
    }

    public static TokenChange disable(boolean disabled) {
        return NONE.withDisabled(disabled);
    }

    public TokenChange withName(String name) {
        return new TokenChange(true, name, notesGiven, notes, permissions, disabled);
    }

    public TokenChange withNotes(String notes) {
        return new TokenChange(nameGiven, name, true, notes, permissions, disabled);
    }

    public TokenChange withPermissions(int permissions) {
        return new TokenChange(nameGiven, name, notesGiven, notes, permissions, disabled);
    }

    public TokenChange withDisabled(boolean disabled) {
        return new TokenChange(nameGiven, name, notesGiven, notes, permissions, disabled);
    }

    /** Whether this changes whether the token is disabled, which reaches every token below it. */
    boolean changesDisabled() {
        return disabled != null;
    }

    /** {@code current} with these changes, stamped {@code updatedUtc}. */
    StoredToken applyTo(StoredToken current, Instant updatedUtc) {
        return new StoredToken(current.id(), current.secretHash(), current.kind(), current.organizationId(),
                current.projectId(), current.userId(), nameGiven ? name : current.name(),
                notesGiven ? notes : current.notes(), current.scopes(),
                permissions != null ? permissions : current.permissions(),
                disabled != null ? disabled : current.disabled(), current.expiresUtc(), current.createdBy(),
                current.createdUtc(), updatedUtc, current.lastUsedUtc(), current.mintedBy(), current.minterDisabled());
    }

    @Override
    public String toString() {
        return "TokenChange[" + (nameGiven ? "name " : "") + (notesGiven ? "notes " : "")
                + (permissions != null ? "permissions " : "") + (disabled != null ? "disabled=" + disabled : "") + "]";
    }
}
