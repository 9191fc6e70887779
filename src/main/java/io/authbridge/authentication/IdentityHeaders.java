package io.authbridge.authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.authbridge.HeaderNames;
import io.authbridge.Uuids;
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

    private static final AsciiString[] SCOPE_TEXT = new AsciiString[1 << Scope.values().length];

    private static final AsciiString[] PERMISSION_TEXT = new AsciiString[Permission.ALL + 1];

    static {
        for (int mask = 0; mask < SCOPE_TEXT.length; mask++) {
            List<String> names = new ArrayList<>(Scope.names(mask));
            names.sort(null);
            SCOPE_TEXT[mask] = AsciiString.cached(String.join(",", names));
        }
        for (int mask = 0; mask <= Permission.ALL; mask++) {
            PERMISSION_TEXT[mask] = AsciiString.cached(Permission.format(mask));
        }
    }

    /** The prefix as {@link #hasPrefix} compares names with it. */
    private final String prefixLower;

    private final AsciiString tokenId;

    private final AsciiString projectId;

    private final AsciiString organizationId;

    private final AsciiString userId;

    private final AsciiString scopes;

    private final AsciiString permissions;

    IdentityHeaders(String prefix) {
        this.prefixLower = HeaderNames.fold(prefix);
        this.tokenId = AsciiString.cached(prefix + "Token-Id");
        this.projectId = AsciiString.cached(prefix + "Project-Id");
        this.organizationId = AsciiString.cached(prefix + "Organization-Id");
        this.userId = AsciiString.cached(prefix + "User-Id");
        this.scopes = AsciiString.cached(prefix + "Scopes");
        this.permissions = AsciiString.cached(prefix + "Permissions");
    }

    /** Removes every header with the prefix (one scan of the names). */
    void removeAll(HttpHeaders headers) {
        removeAll(headers.headerNames(), headers::remove);
    }

    /** Removes every header with the prefix (one scan of the names). */
    void removeAll(io.netty.handler.codec.http.HttpHeaders headers) {
        removeAll(headers.names(), headers::remove);
    }

    private <N extends CharSequence> void removeAll(Iterable<N> names, Consumer<N> remove) {
        List<N> forged = null;
        for (N name : names) {
            if (hasPrefix(name)) {
                if (forged == null) {
                    forged = new ArrayList<>(2);
                }
                forged.add(name);
            }
        }
        if (forged != null) {
            forged.forEach(remove);
        }
    }

    /** Hands each identity header of {@code principal}, name and value, to {@code header}. */
    void forEach(AuthenticatedPrincipal principal, BiConsumer<AsciiString, AsciiString> header) {
        header.accept(tokenId, Uuids.ascii(principal.tokenId()));
        ifPresent(header, projectId, principal.projectId());
        ifPresent(header, organizationId, principal.organizationId());
        ifPresent(header, userId, principal.userId());
        header.accept(scopes, SCOPE_TEXT[principal.scopes()]);
        header.accept(permissions, PERMISSION_TEXT[principal.permissions()]);
    }

    private static void ifPresent(BiConsumer<AsciiString, AsciiString> header, AsciiString name, UUID value) {
        if (value != null) {
            header.accept(name, Uuids.ascii(value));
        }
    }

    /**
     * Whether a header of this name is one of the identity headers, or claims to be in any spelling an upstream
     * could read as one: compared without letter case, with {@code _} (and any other character that is not a
     * letter or digit) read as {@code -} ({@link HeaderNames}).
     */
    boolean hasPrefix(CharSequence name) {
        return HeaderNames.startsWithFolded(name, prefixLower);
    }
}
