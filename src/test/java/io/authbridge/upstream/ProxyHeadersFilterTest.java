package io.authbridge.upstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter.Type;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.XForwardedHeadersFilter;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass filter sends upstream exactly what Spring Cloud Gateway's default header filters, one copy
 * each, would have sent, for requests and for responses, whatever the headers are.
 */
class ProxyHeadersFilterTest {

    /** The gateway's default header filters when no trusted proxies are configured. */
    private static List<HttpHeadersFilter> defaults() {
        List<HttpHeadersFilter> filters = new ArrayList<>(List.of(new RemoveForwardedHeadersFilter(),
                new RemoveXForwardedHeadersFilter(), new RemoveHopByHopHeadersFilter(),
                new TransferEncodingNormalizationHeadersFilter(), new GRPCRequestHeadersFilter(),
                new GRPCResponseHeadersFilter()));
        AnnotationAwareOrderComparator.sort(filters);
        return filters;
    }

    @Property(tries = 3000)
    void requestHeadersSentUpstreamAreThoseOfTheDefaultFilters(@ForAll("headers") List<Tuple2<String, String>> headers) {
        ServerWebExchange exchange = exchange(headers);

        HttpHeaders expected = HttpHeadersFilter.filterRequest(defaults(), exchange);
        HttpHeaders actual = HttpHeadersFilter.filterRequest(ProxyHeadersFilter.replacingDefaults(defaults()), exchange);

        assertThat(normalized(actual)).isEqualTo(normalized(expected));
    }

    @Property(tries = 3000)
    void responseHeadersReturnedAreThoseOfTheDefaultFilters(@ForAll("headers") List<Tuple2<String, String>> headers) {
        ServerWebExchange exchange = exchange(List.of());

        HttpHeaders expected = HttpHeadersFilter.filter(defaults(), httpHeaders(headers), exchange, Type.RESPONSE);
        HttpHeaders actual = HttpHeadersFilter.filter(ProxyHeadersFilter.replacingDefaults(defaults()),
                httpHeaders(headers), exchange, Type.RESPONSE);

        assertThat(normalized(actual)).isEqualTo(normalized(expected));
    }

    @Test
    void configuredHopByHopHeadersAreHonoured() {
        RemoveHopByHopHeadersFilter hopByHop = new RemoveHopByHopHeadersFilter();
        hopByHop.setHeaders(Set.of("X-Internal"));
        ServerWebExchange exchange = exchange(List.of(Tuple.of("X-Internal", "1"), Tuple.of("Keep-Alive", "5")));

        HttpHeaders sent = HttpHeadersFilter.filterRequest(ProxyHeadersFilter.replacingDefaults(List.of(hopByHop)), exchange);

        assertThat(sent.headerNames()).containsExactly("Keep-Alive");
    }

    @Test
    void forwardedHeadersAreKeptWhenTheGatewayTrustsProxies() {
        // with trusted proxies the gateway has XForwardedHeadersFilter instead of the filters that remove them
        List<HttpHeadersFilter> filters = ProxyHeadersFilter.replacingDefaults(
                List.of(new XForwardedHeadersFilter(".*"), new RemoveHopByHopHeadersFilter()));
        ServerWebExchange exchange = exchange(List.of(Tuple.of("X-Forwarded-Host", "a.example"), Tuple.of("Forwarded", "for=1")));

        HttpHeaders sent = HttpHeadersFilter.filterRequest(filters, exchange);

        assertThat(sent.getFirst("Forwarded")).isEqualTo("for=1");
        assertThat(filters).hasAtLeastOneElementOfType(XForwardedHeadersFilter.class);
    }

    @Property(tries = 3000)
    void requestHeadersCopiedStraightFromNettyAreThoseOfTheFilter(@ForAll("headers") List<Tuple2<String, String>> received) {
        List<Tuple2<String, String>> headers = asDecoded(received);
        ProxyHeadersFilter filter = oneRequestPass(ProxyHeadersFilter.replacingDefaults(withIdentity(defaults())));
        io.netty.handler.codec.http.HttpHeaders copied = new DefaultHttpHeaders();

        filter.copyRequest(nettyHeaders(headers), copied, exchange(List.of()));

        assertThat(normalized(copied)).isEqualTo(normalized(filter.filter(httpHeaders(headers), exchange(List.of()))));
    }

    @Property(tries = 3000)
    void responseHeadersCopiedStraightFromNettyAreThoseOfTheFilter(@ForAll("headers") List<Tuple2<String, String>> received) {
        List<Tuple2<String, String>> headers = asDecoded(received);
        ProxyHeadersFilter filter = (ProxyHeadersFilter) ProxyHeadersFilter.replacingDefaults(defaults()).stream()
            .filter(f -> f instanceof ProxyHeadersFilter && f.supports(Type.RESPONSE))
            .findFirst()
            .orElseThrow();
        io.netty.handler.codec.http.HttpHeaders response = new DefaultHttpHeaders();

        Set<String> added = filter.copyResponse(nettyHeaders(headers), response);

        HttpHeaders expected = filter.filter(httpHeaders(headers), exchange(List.of()));
        assertThat(normalized(response)).isEqualTo(normalized(expected));
        assertThat(added.stream().map(name -> name.toLowerCase(Locale.ROOT)).distinct())
            .containsExactlyInAnyOrderElementsOf(normalized(response).keySet());
    }

    @Test
    void namesAnUnforwardedHeadersFilterClaimsAreNeverSentUpstream() {
        List<HttpHeadersFilter> filters = ProxyHeadersFilter.replacingDefaults(withIdentity(defaults()));
        ServerWebExchange exchange = exchange(List.of(Tuple.of("X-Auth-Token-Id", "forged"), Tuple.of("x-auth-scopes", "user"),
                Tuple.of("X-Authority", "kept"), Tuple.of("Accept", "*/*")));

        HttpHeaders sent = HttpHeadersFilter.filterRequest(filters, exchange);

        assertThat(sent.headerNames()).containsExactlyInAnyOrder("X-Authority", "Accept");
    }

    @Test
    void withoutTheDefaultsOnlyTheUnforwardedNamesAreLeftOut() {
        List<HttpHeadersFilter> filters = ProxyHeadersFilter.replacingDefaults(withIdentity(List.of()));
        ServerWebExchange exchange = exchange(List.of(Tuple.of("X-Auth-User-Id", "forged"), Tuple.of("Connection", "close"),
                Tuple.of("X-Forwarded-For", "1.2.3.4")));

        HttpHeaders sent = HttpHeadersFilter.filterRequest(filters, exchange);

        assertThat(sent.headerNames()).containsExactlyInAnyOrder("Connection", "X-Forwarded-For");
    }

    /** The header filters plus one that claims the {@code X-Auth-} names, as AuthBridge's identity filter does. */
    private static List<HttpHeadersFilter> withIdentity(List<HttpHeadersFilter> filters) {
        List<HttpHeadersFilter> all = new ArrayList<>(filters);
        all.add(new IdentityNames());
        return all;
    }

    private static ProxyHeadersFilter oneRequestPass(List<HttpHeadersFilter> filters) {
        return (ProxyHeadersFilter) filters.stream()
            .filter(f -> f instanceof ProxyHeadersFilter && f.supports(Type.REQUEST))
            .findFirst()
            .orElseThrow();
    }

    private static final class IdentityNames implements HttpHeadersFilter, UnforwardedHeaders {

        @Override
        public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
            return input;
        }

        @Override
        public boolean unforwarded(CharSequence name) {
            return name.toString().toLowerCase(Locale.ROOT).startsWith("x-auth-");
        }
    }

    @Provide
    Arbitrary<List<Tuple2<String, String>>> headers() {
        Arbitrary<String> special = Arbitraries.of("Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer",
                "Proxy-Authorization", "Proxy-Authenticate", "X-Application-Context", "Upgrade", "Forwarded",
                "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "Content-Length",
                "Content-Type", "Authorization", "Accept", "X-Custom", "X-Other", "X-Forwarded", "Forwarded-For",
                "X-Auth-Token-Id", "X-Auth-Scopes", "X-Authority");
        Arbitrary<String> cased = Combinators.combine(special, Arbitraries.integers().between(0, 2))
            .as((name, form) -> form == 0 ? name : form == 1 ? name.toLowerCase(Locale.ROOT) : name.toUpperCase(Locale.ROOT));
        Arbitrary<String> names = Arbitraries.oneOf(cased,
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(n -> "X-" + n));
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("chunked", " Chunked ", "gzip, chunked", "12",
                "application/grpc", "application/grpc+proto", "application/json", "close", "keep-alive",
                "X-Custom", "x-other, keep-alive", "X-Custom, Upgrade", "trailers", "for=1.2.3.4"),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6));
        return Combinators.combine(names, values).as(Tuple::of).list().ofMaxSize(12);
    }

    private static ServerWebExchange exchange(List<Tuple2<String, String>> headers) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x").headers(httpHeaders(headers)));
    }

    private static HttpHeaders httpHeaders(List<Tuple2<String, String>> headers) {
        HttpHeaders result = new HttpHeaders();
        headers.forEach(header -> result.add(header.get1(), header.get2()));
        return result;
    }

    /** As Netty's decoder hands them on: values without surrounding whitespace. */
    private static List<Tuple2<String, String>> asDecoded(List<Tuple2<String, String>> headers) {
        return headers.stream().map(header -> Tuple.of(header.get1(), header.get2().strip())).toList();
    }

    private static io.netty.handler.codec.http.HttpHeaders nettyHeaders(List<Tuple2<String, String>> headers) {
        io.netty.handler.codec.http.HttpHeaders result = new DefaultHttpHeaders();
        headers.forEach(header -> result.add(header.get1(), header.get2()));
        return result;
    }

    private static Map<String, List<String>> normalized(io.netty.handler.codec.http.HttpHeaders headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach(header -> result.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
            .add(header.getValue()));
        return result;
    }

    /** Names compared case-insensitively, values in order. */
    private static Map<String, List<String>> normalized(HttpHeaders headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach((name, values) -> result.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
            .addAll(values));
        return result;
    }
}
