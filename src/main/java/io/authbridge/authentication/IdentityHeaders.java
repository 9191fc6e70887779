package io.authbridge.authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.netty.util.AsciiString;
import org.springframework.http.HttpHeaders;

/**
 * The trusted identity headers sent upstream: no incoming header with the prefix is forwarded and, for an
 * authenticated request, {@code Token-Id}, {@code Project-Id}, {@code Organization-Id}, {@code User-Id},
 * {@code Scopes} and {@code Permissions} are set (lists comma-separated and sorted).
 */
final class IdentityHeaders {

    private static final String[] SCOPE_TEXT = new String[1 << Scope.values().length];

    private static final String[] PERMISSION_TEXT = new String[Permission.ALL + 1];

    static {
        for (int mask = 0; mask < SCOPE_TEXT.length; mask++) {
            List<String> names = new ArrayList<>(Scope.names(mask));
            names.sort(null);
            SCOPE_TEXT[mask] = String.join(",", names);
        }
        for (int mask = 0; mask <= Permission.ALL; mask++) {
            PERMISSION_TEXT[mask] = Permission.format(mask);
        }
    }

    private final String prefixLower;

    private final String tokenId;

    private final String projectId;

    private final String organizationId;

    private final String userId;

    private final String scopes;

    private final String permissions;

    IdentityHeaders(String prefix) {
        this.prefixLower = prefix.toLowerCase(Locale.ROOT);
        this.tokenId = prefix + "Token-Id";
        this.projectId = prefix + "Project-Id";
        this.organizationId = prefix + "Organization-Id";
        this.userId = prefix + "User-Id";
        this.scopes = prefix + "Scopes";
        this.permissions = prefix + "Permissions";
    }

    /** Removes every header with the prefix (one scan of the names). */
    void removeAll(HttpHeaders headers) {
        List<String> forged = null;
        for (String name : headers.headerNames()) {
            if (hasPrefix(name)) {
                if (forged == null) {
                    forged = new ArrayList<>(2);
                }
                forged.add(name);
            }
        }
        if (forged != null) {
            forged.forEach(headers::remove);
        }
    }

    void set(HttpHeaders headers, AuthenticatedPrincipal principal) {
        headers.set(tokenId, principal.tokenId().toString());
        setIfPresent(headers, projectId, principal.projectId());
        setIfPresent(headers, organizationId, principal.organizationId());
        setIfPresent(headers, userId, principal.userId());
        headers.set(scopes, SCOPE_TEXT[principal.scopes()]);
        headers.set(permissions, PERMISSION_TEXT[principal.permissions()]);
    }

    private static void setIfPresent(HttpHeaders headers, String name, UUID value) {
        if (value != null) {
            headers.set(name, value.toString());
        }
    }

    /** Whether a header of this name is one of the identity headers (or claims to be, with the prefix). */
    boolean hasPrefix(CharSequence name) {
        return AsciiString.regionMatches(name, true, 0, prefixLower, 0, prefixLower.length());
    }
}
