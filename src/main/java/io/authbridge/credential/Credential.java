package io.authbridge.credential;

import java.util.UUID;

/**
 * A credential as the client presented it. {@link #toString()} never shows the secret.
 *
 * @param secret the token secret
 * @param projectId the project named by a {@code Basic project_id:token} credential, else null
 * @param form where and how the secret was sent
 * @param queryParameter the query parameter that carried it, for {@link Form#QUERY}
 */
public record Credential(String secret, UUID projectId, Form form, String queryParameter) {

    /** The ways a token can arrive. */
    public enum Form {
        /** {@code Authorization: Bearer <token>}. */
        BEARER,
        /** {@code Authorization: Token <token>}. */
        TOKEN,
        /** {@code Authorization: Basic base64(<project_id>:<token>)}. */
        BASIC,
        /** Legacy Exceptionless {@code Basic base64(client:<token>)}. */
        BASIC_CLIENT,
        /** Legacy Exceptionless {@code Basic base64(<token>:x-oauth-basic)}. */
        BASIC_X_OAUTH,
        /** A configured query parameter, only when no {@code Authorization} header is present. */
        QUERY;

        public boolean fromHeader() {
            return this != QUERY;
        }
    }

    @Override
    public String toString() {
        return "Credential[form=" + form + (projectId == null ? "" : ", projectId=" + projectId)
                + (queryParameter == null ? "" : ", queryParameter=" + queryParameter) + "]";
    }
}
