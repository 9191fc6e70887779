package io.authbridge.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;

/**
 * Checks the head of every request as the HTTP codec decoded it, before the HTTP server reads it, for what
 * the server would refuse with a bare 400 (a request target that is no URI, such as an invalid {@code %}
 * escape: Spring's adapter fails to build the request's URI) or would accept against RFC 9112 §3.2 (an
 * HTTP/1.1 request without {@code Host}, or with more than one, or with an invalid one). Such a request is
 * not refused here, below the web filters: its target is made a URI (each offending character escaped) and
 * it is marked with {@link #REFUSAL_HEADER}, which {@link RefusedRequestHeadWebFilter} answers 400 in the
 * route's dialect, with an access-log line, before any handler runs; it never reaches an upstream. The header
 * is removed from every request first, so a client cannot send it. A request body the codec cannot frame
 * (a chunk size that overflows, say) is answered 400 by the HTTP server itself, after the request has started;
 * the connection is marked for the access log ({@link RefusedBodies}). A target in none of the forms the gateway
 * serves ({@link RequestTargetForm}: {@code ://a/x}, {@code a:80/x}, {@code http:/x}) is refused on the path it
 * ends in, and {@code OPTIONS *} is answered 404: no route serves the server as a whole. A request line naming
 * another HTTP version than 1.0 and 1.1 is read on as HTTP/1.1 and marked with {@link #UNSUPPORTED_VERSION_HEADER}, for
 * {@link UnsupportedVersionWebFilter}'s 505: one handler checks every request's head. Its method too: methods are
 * case-sensitive (RFC 9110 §9.1), so {@code post} is not {@code POST}: route predicates and per-method rules would not
 * apply to it while an upstream might still read it as {@code POST}; a letter-case variant of a standard method is
 * refused as a bad request head ({@link #CASE_VARIANT_REFUSAL}), and {@code TRACE} too, unless
 * {@code authbridge.server.allow-trace} ({@link #TRACE_REFUSAL}, a 405). Other methods, extension methods such as
 * {@code PROPFIND} included, pass as Spring Cloud Gateway passes them.
 */
final class RequestHeadCheck extends ChannelInboundHandlerAdapter {

    static final String NAME = "authbridge.requestHeadCheck";

    /** Names why the request's head was refused, from this handler to {@link RefusedRequestHeadWebFilter}. */
    static final String REFUSAL_HEADER = "X-AuthBridge-Refused-Request-Head";

    /** The refusal of a method spelt as a standard method in another letter case ({@code get}, {@code Post}). */
    static final String CASE_VARIANT_REFUSAL = "a letter-case variant of a standard method";

    /**
     * The refusal of a method that is no RFC 9110 token ({@code G(ET}). Reactor Netty refuses such a request line
     * itself (a bare 400) before this check sees it; the rule stays for the explain API, which shares it, and for a
     * server that would pass one on.
     */
    static final String NOT_A_TOKEN_REFUSAL = "a method that is no token";

    /** The refusal of {@code TRACE} when {@code authbridge.server.allow-trace} is off: answered 405, not 400. */
    static final String TRACE_REFUSAL = "the TRACE method";

    /** The methods of RFC 9110 §9.3 and RFC 5789, as they are spelt. */
    private static final String[] STANDARD_METHODS = { "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH",
            "CONNECT", "TRACE" };

    /** ASCII characters a URI's path and query may both hold as they are (RFC 2396's, as {@link URI} reads them). */
    private static final boolean[] PLAIN = new boolean[128];

    /** The characters of an RFC 3986 reg-name besides its escapes (unreserved and sub-delims). */
    private static final boolean[] REG_NAME = new boolean[128];

    /** RFC 9110 §5.6.2's {@code tchar}: what a method is made of. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        String plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'();/?:@&=+$,";
        for (int i = 0; i < plain.length(); i++) {
            PLAIN[plain.charAt(i)] = true;
        }
        String regName = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=";
        for (int i = 0; i < regName.length(); i++) {
            REG_NAME[regName.charAt(i)] = true;
        }
        String tchar = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
        for (int i = 0; i < tchar.length(); i++) {
            TCHAR[tchar.charAt(i)] = true;
        }
    }

    /**
     * Names the version of a request whose line names another HTTP version than 1.0 and 1.1 ({@code HTTP/1.2}, or
     * {@code HTTP/2.0} and {@code HTTP/3.0} on a cleartext HTTP/1 connection), which the HTTP server would otherwise
     * serve as HTTP/1.x or refuse bare; removed from every request first, so a client cannot send it.
     */
    static final String UNSUPPORTED_VERSION_HEADER = "X-AuthBridge-Unsupported-Version";

    private final boolean allowTrace;

    /** One per server, shared by its connections. */
    RequestHeadCheck(boolean allowTrace) {
        this.allowTrace = allowTrace;
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    /** Adds the check right after the HTTP/1.1 codec of a new connection; a pipeline without one is left alone. */
    void install(Channel channel) {
        ChannelHandlerContext codec = RequestHeadersTimeout.codec(channel);
        if (codec != null) {
            channel.pipeline().addAfter(codec.name(), NAME, this);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpContent content && !(msg instanceof HttpRequest) && content.decoderResult().isFailure()) {
            // the HTTP server answers 400 and closes the connection; the request under way only sees it closed. Not
            // a failed head (the codec's invalid request is a full request): that is the next request's, bytes after
            // the one under way (a pipelined request, or a WebSocket frame sent before the 101), and the request
            // under way is answered as it is
            ctx.channel().attr(RefusedBodies.REFUSED).set(Boolean.TRUE);
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            request.headers().remove(REFUSAL_HEADER);
            request.headers().remove(UNSUPPORTED_VERSION_HEADER);
            HttpVersion version = request.protocolVersion();
            if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
                // read on as HTTP/1.1, answered 505 by UnsupportedVersionWebFilter before any handler
                request.setProtocolVersion(HttpVersion.HTTP_1_1);
                request.headers().set(UNSUPPORTED_VERSION_HEADER, version.text());
            }
            List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
            String refusal = hostRefusal(request.protocolVersion(), hosts);
            if (refusal != null) {
                // the server reads a port from it (and refuses bare what is none): the refusal needs no Host
                request.headers().remove(HttpHeaderNames.HOST);
            }
            String target = request.uri();
            String formRefusal = RequestTargetForm.refusal(request.method().name(), target);
            if (RequestTargetForm.MALFORMED_REFUSAL.equals(formRefusal)) {
                // refused whatever else is wrong with it: answered, and logged, on the path it ends in
                target = RequestTargetForm.pathOf(target);
                request.setUri(target);
            }
            if (refusal == null) {
                refusal = formRefusal;
            }
            if (refusal == null) {
                refusal = authorityRefusal(target, hosts);
            }
            String repaired = repairedTarget(target);
            if (repaired != null) {
                request.setUri(repaired);
                refusal = "a request target that is no URI";
            }
            if (refusal == null) {
                refusal = methodRefusal(request.method().name(), allowTrace);
            }
            if (refusal != null) {
                request.headers().set(REFUSAL_HEADER, refusal);
            }
        }
        super.channelRead(ctx, msg);
    }

    /**
     * Why the method is refused: {@link #NOT_A_TOKEN_REFUSAL} for one that is no RFC 9110 token (empty included),
     * {@link #CASE_VARIANT_REFUSAL} for a standard method in another letter case, {@link #TRACE_REFUSAL} for
     * {@code TRACE} unless allowed; null for every other method. The one rule: the explain API asks it too
     * ({@link MethodRule}).
     */
    static String methodRefusal(String method, boolean allowTrace) {
        if (!isToken(method)) {
            return NOT_A_TOKEN_REFUSAL;
        }
        for (String standard : STANDARD_METHODS) {
            if (standard.length() == method.length() && standard.equalsIgnoreCase(method)) {
                if (!standard.equals(method)) {
                    return CASE_VARIANT_REFUSAL;
                }
                return allowTrace || !"TRACE".equals(method) ? null : TRACE_REFUSAL;
            }
        }
        return null;
    }

    /** Whether the value is an RFC 9110 token: one or more letters, digits and {@code !#$%&'*+-.^_`|~}. */
    static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    /** Why RFC 9112 §3.2 has the server refuse these {@code Host} values, or null when it does not. */
    static String hostRefusal(HttpVersion version, List<String> hosts) {
        if (hosts.isEmpty()) {
            return version.equals(HttpVersion.HTTP_1_0) ? null : "no Host header";
        }
        if (hosts.size() > 1) {
            return "more than one Host header";
        }
        return isHost(hosts.get(0)) ? null : "an invalid Host header";
    }

    /**
     * Whether the value is RFC 3986's {@code host [ ":" port ]} as the HTTP server can read it: an IP literal that is an
     * IPv6 address ({@code [::1]}) or a non-empty reg-name (IPv4 addresses are reg-names), then one to five port digits
     * after a colon. RFC 3986 lets the port be empty and the literal be any hex digits, colons and dots, but the server
     * refuses those bare, without the route's dialect or an access-log line: they are refused here instead. One scan,
     * no regular expression: it runs on every request.
     */
    static boolean isHost(String value) {
        int length = value.length();
        int i = 0;
        if (length > 0 && value.charAt(0) == '[') {
            i = 1;
            while (i < length && isIpLiteralCharacter(value.charAt(i))) {
                i++;
            }
            if (i == 1 || i == length || value.charAt(i) != ']' || !NetUtil.isValidIpV6Address(value.substring(1, i))) {
                return false;
            }
            i++;
        }
        else {
            while (i < length) {
                char c = value.charAt(i);
                if (c == '%' && i + 2 < length && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                    i += 3;
                }
                else if (c < 128 && REG_NAME[c]) {
                    i++;
                }
                else {
                    break;
                }
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == length) {
            return true;
        }
        if (value.charAt(i) != ':' || length - i - 1 > 5 || length - i - 1 == 0) {
            return false;
        }
        for (int digit = i + 1; digit < length; digit++) {
            if (value.charAt(digit) < '0' || value.charAt(digit) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpLiteralCharacter(char c) {
        return isHex(c) || c == ':' || c == '.';
    }

    /**
     * Why an absolute-form target ({@code GET http://a.example/x}) is refused: RFC 9112 §3.2.2 has a server use its
     * authority instead of {@code Host}, while routes and upstreams read {@code Host}; a front proxy following the RFC
     * and AuthBridge would then decide for two different hosts (tenants, projects). Refused unless the two agree
     * (letter case aside); null for any other target.
     */
    static String authorityRefusal(String target, List<String> hosts) {
        if (!RequestTargetForm.isAbsoluteForm(target)) {
            return null;
        }
        int scheme = target.indexOf("://");
        int end = target.length();
        for (int i = scheme + 3; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = target.substring(scheme + 3, end);
        return hosts.size() == 1 && hosts.get(0).equalsIgnoreCase(authority) ? null
                : "a request target whose authority is not its Host header";
    }

    /**
     * Null when Spring builds the request's URI from {@code target} as it is; else the target with every
     * {@code %} that starts no escape, and every character a URI may not hold, escaped ({@code "/"} when even
     * that is no URI). Only the request's refusal reads the repaired target.
     */
    static String repairedTarget(String target) {
        if (isPlainOriginForm(target) || isUri(target)) {
            return null;
        }
        StringBuilder repaired = new StringBuilder(target.length() + 16);
        boolean fragment = false;
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%' && i + 2 < target.length() && isHex(target.charAt(i + 1)) && isHex(target.charAt(i + 2))) {
                repaired.append(c);
            }
            else if (c == '#' && !fragment) {
                fragment = true;
                repaired.append(c);
            }
            else if (c == '%' || c == '#' || c <= ' ' || c >= 0x7f || "\"<>\\^`{|}[]".indexOf(c) >= 0) {
                escape(repaired, c);
            }
            else {
                repaired.append(c);
            }
        }
        String result = repaired.toString();
        return isUri(result) ? result : "/";
    }

    /**
     * Whether the target is an origin-form target of characters any URI path and query may hold, and escapes:
     * the usual request, known to be a URI without parsing one.
     */
    private static boolean isPlainOriginForm(String target) {
        if (target.isEmpty() || target.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (i + 2 >= target.length() || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            }
            else if (c >= 128 || !PLAIN[c]) {
                return false;
            }
        }
        return true;
    }

    /** Whether Spring's adapter makes a URI of this target: of what it appends to a scheme and a host. */
    private static boolean isUri(String target) {
        try {
            new URI("http://localhost" + uriTail(target));
            return true;
        }
        catch (URISyntaxException notUri) {
            return false;
        }
    }

    /**
     * The part of a target Spring's adapter ({@code ReactorUriHelper.appendRequestUri}, spring-web 7.0) appends to the
     * request's scheme and host to build its URI: for a target with a {@code ://} before its first {@code /}, {@code ?}
     * or {@code #}, what follows the authority from the next of those three ({@code ""} when there is none, so
     * {@code http://h?q} is {@code ?q}); else the whole target. Checking any other part would pass targets the
     * adapter cannot turn into a URI, which the server then refuses bare.
     */
    static String uriTail(String target) {
        int length = target.length();
        for (int i = 0; i < length; i++) {
            char c = target.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            if (c == ':' && i + 2 < length && target.charAt(i + 1) == '/' && target.charAt(i + 2) == '/') {
                for (int j = i + 3; j < length; j++) {
                    char d = target.charAt(j);
                    if (d == '/' || d == '?' || d == '#') {
                        return target.substring(j);
                    }
                }
                return "";
            }
        }
        return target;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void escape(StringBuilder into, char c) {
        int b = c & 0xff;
        into.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
}
