package io.authbridge.upstream;

import io.authbridge.HeaderNames;
import io.netty.util.AsciiString;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The credential header the upstream receives, decided by a route filter ({@code UpstreamAuth}) and kept on
 * the exchange as a value instead of a changed request: the request stays the server's own, so the routing
 * filter's one pass over the headers serves every mode, and {@link UpstreamAuthorizationHeadersFilter} writes
 * the value while the headers are copied (on the one pass, and the same on the gateway's own way upstream).
 * Without a decision the client's header goes upstream as it was sent.
 *
 * @param name the header to write, {@code Authorization} in every mode but those that name another
 * @param value its value, or null: the header is not sent
 */
public record UpstreamAuthorization(AsciiString name, CharSequence value) {

    private static final AsciiString AUTHORIZATION = AsciiString.cached(HttpHeaders.AUTHORIZATION);

    private static final UpstreamAuthorization NONE = new UpstreamAuthorization(AUTHORIZATION, null);

    public UpstreamAuthorization {
        if (name == null) {
            throw new IllegalArgumentException("a header name is required");
        }
    }

    /** {@code Authorization: value}, replacing whatever the client sent. */
    public static UpstreamAuthorization authorization(CharSequence value) {
        return value == null ? NONE : new UpstreamAuthorization(AUTHORIZATION, value);
    }

    /**
     * {@code name: value} (no such header when value is null), replacing whatever the client sent in it; when
     * {@code name} is another header than {@code Authorization}, the client's {@code Authorization} is not sent either.
     */
    public static UpstreamAuthorization header(AsciiString name, CharSequence value) {
        return AUTHORIZATION.contentEqualsIgnoreCase(name) ? authorization(value) : new UpstreamAuthorization(name, value);
    }

    /**
     * Whether {@code other} names the decided header in a spelling an upstream could read as it: compared
     * without letter case, with every character that is not a letter or digit read as {@code -}, as the identity
     * headers are ({@link HeaderNames}). The client's headers of such a name never go upstream.
     */
    boolean isSpellingOfName(CharSequence other) {
        return other.length() == name.length() && HeaderNames.fold(other).equals(HeaderNames.fold(name));
    }

    /** Whether the client's {@code Authorization} header is dropped besides the decided one. */
    boolean replacesAuthorization() {
        return !AUTHORIZATION.contentEqualsIgnoreCase(name);
    }

    /** Writes this decision into headers about to go upstream (Spring's; the one pass writes Netty's itself). */
    public void writeInto(HttpHeaders headers) {
        if (replacesAuthorization()) {
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.headerNames().stream().filter(this::isSpellingOfName).toList().forEach(headers::remove);
        }
        if (value == null) {
            headers.remove(name.toString());
        }
        else {
            headers.set(name.toString(), value.toString());
        }
    }

    /** No {@code Authorization} header upstream. */
    public static UpstreamAuthorization none() {
        return NONE;
    }

    /** Keeps this decision for the exchange; the last route filter to decide wins. */
    public void decideFor(ServerWebExchange exchange) {
        UpstreamDecisions.on(exchange).authorization = this;
    }

    /** The decision for the exchange, or null when the client's header goes upstream as sent. */
    public static UpstreamAuthorization of(ServerWebExchange exchange) {
        UpstreamDecisions decisions = UpstreamDecisions.of(exchange);
        return decisions == null ? null : decisions.authorization;
    }

    @Override
    public String toString() {
        // never the value: it is a credential
        return "UpstreamAuthorization[" + name + (value == null ? " removed" : " set") + "]";
    }
}
