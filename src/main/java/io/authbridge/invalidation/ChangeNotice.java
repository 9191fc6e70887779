package io.authbridge.invalidation;

/**
 * The payload of one change notification: the token's secret hash (a keyed HMAC, safe to send) and when the
 * change was announced, so that receivers can measure the invalidation lag. Written as
 * {@code <hash> <epoch-millis>}; a bare hash (no time) is accepted too.
 */
record ChangeNotice(String secretHash, long sentAtMillis) {

    static final long UNKNOWN_TIME = -1;

    String payload() {
        return secretHash + " " + sentAtMillis;
    }

    static ChangeNotice parse(String payload) {
        String text = payload.trim();
        int space = text.indexOf(' ');
        if (space < 0) {
            return new ChangeNotice(text, UNKNOWN_TIME);
        }
        try {
            return new ChangeNotice(text.substring(0, space), Long.parseLong(text.substring(space + 1).trim()));
        }
        catch (NumberFormatException ex) {
            return new ChangeNotice(text.substring(0, space), UNKNOWN_TIME);
        }
    }
}
