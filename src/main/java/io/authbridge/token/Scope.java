package io.authbridge.token;

import java.util.List;
import java.util.Locale;

/**
 * Exceptionless scopes. {@code global} implies {@code user}, which implies {@code client}; sets of scopes
 * travel as bit masks so that a cached record stays small and a check is one AND.
 */
public enum Scope {
    CLIENT("client"),
    USER("user"),
    GLOBAL("global");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public int bit() {
        return 1 << ordinal();
    }

    public boolean in(int mask) {
        return (mask & bit()) != 0;
    }

    /** The scope with this wire name (case-insensitive), or null. */
    public static Scope fromWireName(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        for (Scope scope : values()) {
            if (scope.wireName.equals(lower)) {
                return scope;
            }
        }
        return null;
    }

    /** Adds the implied scopes: global adds user, user adds client. */
    public static int withImplied(int mask) {
        if (GLOBAL.in(mask)) {
            mask |= USER.bit();
        }
        if (USER.in(mask)) {
            mask |= CLIENT.bit();
        }
        return mask;
    }

    public static List<String> names(int mask) {
        return Masks.names(values(), mask, Scope::wireName);
    }

    /** Parses a stored comma-separated list; unknown names are ignored. */
    public static int parseMask(String commaSeparated) {
        return Masks.parse(commaSeparated, Scope::fromWireName);
    }

    public static String format(int mask) {
        return String.join(",", names(mask));
    }
}
