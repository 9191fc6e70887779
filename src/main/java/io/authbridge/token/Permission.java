package io.authbridge.token;

import java.util.List;
import java.util.Locale;

/**
 * SignalWire API-token permissions, in their wire names and alphabetical order. Sets travel as bit masks.
 */
public enum Permission {
    CALLING,
    CHAT,
    DATASPHERE,
    FAX,
    MANAGEMENT,
    MESSAGING,
    NUMBERS,
    PUBSUB,
    STORAGE,
    TASKING,
    VIDEO;

    /** Every permission: what a project administrator ({@code user} scope) holds. */
    public static final int ALL = (1 << values().length) - 1;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public int bit() {
        return 1 << ordinal();
    }

    public boolean in(int mask) {
        return (mask & bit()) != 0;
    }

    /** The permission with this wire name (case-sensitive, as SignalWire's enum), or null. */
    public static Permission fromWireName(String name) {
        for (Permission permission : values()) {
            if (permission.wireName.equals(name)) {
                return permission;
            }
        }
        return null;
    }

    public static List<String> names(int mask) {
        return Masks.names(values(), mask, Permission::wireName);
    }

    /** Parses a stored comma-separated list; unknown names are ignored. */
    public static int parseMask(String commaSeparated) {
        return Masks.parse(commaSeparated, Permission::fromWireName);
    }

    public static String format(int mask) {
        return String.join(",", names(mask));
    }

    /** The list every SignalWire error message quotes. */
    public static String validNamesSentence() {
        List<String> names = names(ALL);
        return String.join(", ", names.subList(0, names.size() - 1)) + ", and " + names.get(names.size() - 1);
    }
}
