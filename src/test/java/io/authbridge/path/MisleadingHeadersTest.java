package io.authbridge.path;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.authbridge.upstream.UnforwardedHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers that would mislead an upstream about the path, the method or the proxy chain never leave the gateway, in
 * any spelling; client-address, host and scheme headers only from a trusted proxy, in their standard spelling.
 */
class MisleadingHeadersTest {

    private final MisleadingHeaders filter = new MisleadingHeaders(null);

    @Test
    void pathOverridesAndMisspelledForwardingHeadersAreClaimed() {
        for (String name : new String[] { "X-Original-URL", "x-original-url", "X_Original_Url", "X-Rewrite-URL",
                "x_rewrite_url", "X-Original-URI", "X.ORIGINAL.URI", "X_Forwarded_Host", "x.forwarded.prefix", "X-Forwarded_For" }) {
            assertThat(filter.unforwarded(name)).as(name).isTrue();
        }
        for (String name : new String[] { "X-Original-URL-Hint", "X-Original", "X-Request-Id", "Referer", "X-Forwarded-Host",
                "x-forwarded-for", "Forwarded", "X-Forwardedness" }) {
            assertThat(filter.unforwarded(name)).as(name).isFalse();
        }
    }

    @Test
    void headersThatDidNotGoThroughTheOnePassLoseThemOnEitherWay() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x"));
        HttpHeaders spring = new HttpHeaders();
        spring.add("X_Original_URL", "/admin");
        spring.add("X-Rewrite-URL", "/admin");
        spring.add("Accept", "*/*");
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        spring.forEach(netty::add);

        HttpHeaders sent = filter.filter(spring, exchange);
        filter.filter(netty, exchange);

        assertThat(sent.headerNames()).containsExactly("Accept");
        assertThat(netty.names()).containsExactly("Accept");
    }

    @Test
    void theOnePassLeavesThemOutItself() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x"));
        UnforwardedHeaders.leftOut(exchange);
        HttpHeaders headers = new HttpHeaders();
        headers.add("Accept", "*/*");

        assertThat(filter.filter(headers, exchange)).isSameAs(headers);
    }

    private static final List<String> ALL = new ArrayList<>();

    static {
        ALL.addAll(MisleadingHeaders.OVERRIDES);
        ALL.addAll(MisleadingHeaders.PROXY_SET);
    }

    /** A folded name respelled: each {@code -} as {@code -}, {@code _} or {@code .}, each letter in either case. */
    @Provide
    Arbitrary<String> spellings() {
        return Arbitraries.of(ALL).flatMap(folded -> Arbitraries.longs().map(seed -> respell(folded, seed)));
    }

    private static String respell(String folded, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder name = new StringBuilder();
        for (char c : folded.toCharArray()) {
            name.append(c == '-' ? "-_.".charAt(random.nextInt(3))
                    : random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return name.toString();
    }

    @Property(tries = 1000)
    void withoutTrustedProxiesEverySpellingOfEveryNameIsRemovedOnEitherWay(@ForAll("spellings") String name,
            @ForAll boolean onePass) {
        ServerWebExchange exchange = exchangeFrom("10.1.2.3");
        assertThat(filter.unforwarded(name)).as(name).isTrue();
        if (onePass) {
            // the pass left the claimed names out: nothing of them is left for this filter
            UnforwardedHeaders.leftOut(exchange);
            return;
        }
        assertSent(filter, name, exchange, false);
    }

    @Property(tries = 1000)
    void aTrustedProxysStandardSpellingPassesEveryOtherIsRemoved(@ForAll("spellings") String name,
            @ForAll boolean fromTrustedProxy, @ForAll boolean onePass) {
        MisleadingHeaders trusting = new MisleadingHeaders("10\\..*");
        String folded = io.authbridge.HeaderNames.fold(name);
        boolean override = MisleadingHeaders.OVERRIDES.contains(folded);
        boolean standard = name.indexOf('_') < 0 && name.indexOf('.') < 0;
        boolean kept = !override && standard && fromTrustedProxy;
        ServerWebExchange exchange = exchangeFrom(fromTrustedProxy ? "10.1.2.3" : "192.0.2.9");
        // the one pass asks about names only: it leaves out what is never forwarded from anyone
        assertThat(trusting.unforwarded(name)).as(name).isEqualTo(override || !standard);
        if (onePass) {
            UnforwardedHeaders.leftOut(exchange);
            if (trusting.unforwarded(name)) {
                return;
            }
        }
        assertSent(trusting, name, exchange, kept);
    }

    private static void assertSent(MisleadingHeaders filter, String name, ServerWebExchange exchange, boolean kept) {
        HttpHeaders spring = new HttpHeaders();
        spring.add(name, "spoofed");
        spring.add("Accept", "*/*");
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        spring.forEach(netty::add);

        HttpHeaders sent = filter.filter(spring, exchange);
        filter.filter(netty, exchange);

        List<String> expected = kept ? List.of("Accept", name.toLowerCase(Locale.ROOT)) : List.of("Accept");
        assertThat(sent.headerNames().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()).as(name)
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
        assertThat(netty.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList()).as(name)
            .containsExactlyInAnyOrderElementsOf(expected.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }

    @Test
    void namesThatOnlyStartLikeOneAreForwarded() {
        for (String name : new String[] { "X-Real-IP-Hint", "X-Hosted", "X-HTTP-Methods", "Client-IPs", "X-Schemes",
                "X-Forwarded" + "ness", "Real-IP", "X-Override" }) {
            assertThat(filter.unforwarded(name)).as(name).isFalse();
        }
    }

    private static ServerWebExchange exchangeFrom(String address) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x")
            .remoteAddress(new InetSocketAddress(address, 40000)));
    }
}
