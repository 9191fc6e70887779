package io.authbridge.authentication;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.authbridge.AuthBridge;
import io.authbridge.token.Permission;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenRecord;
import io.authbridge.upstream.UnforwardedHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged identity headers never go upstream: the routing filter's one pass leaves them out, and on any other
 * way upstream (the gateway's WebSocket routing filter uses the plain header filters) this filter removes
 * them itself. Written into Netty's headers or into Spring's, the headers sent are the same.
 */
class UpstreamHeadersFilterTest {

    private final UpstreamHeadersFilter filter = new UpstreamHeadersFilter("X-Auth-", null);

    @Test
    void theIdentityPrefixIsClaimedWhateverTheCase() {
        assertThat(filter.unforwarded("X-Auth-Token-Id")).isTrue();
        assertThat(filter.unforwarded("x-auth-anything")).isTrue();
        assertThat(filter.unforwarded("X-Authority")).isFalse();
        assertThat(filter.unforwarded("Authorization")).isFalse();
    }

    @Test
    void theIdentityPrefixIsClaimedInEverySpellingAnUpstreamCouldReadAsIt() {
        for (String spelling : List.of("X_Auth_User_Id", "x-auth_user-id", "X_AUTH_TOKEN_ID", "x.auth.scopes",
                "X Auth-Permissions", "x-AUTH-project_id", "X~Auth~Anything")) {
            assertThat(filter.unforwarded(spelling)).as(spelling).isTrue();
        }
        assertThat(filter.unforwarded("X_Authority")).isFalse();
        assertThat(filter.unforwarded("XAuth-User-Id")).isFalse();
    }

    @Property(tries = 500)
    void forgedIdentityHeadersInAnySpellingAreRemovedOnTheSpringWay(@ForAll("spellings") List<String> names) {
        HttpHeaders headers = new HttpHeaders();
        names.forEach(name -> headers.add(name, "spoofed"));
        headers.add("Upgrade", "websocket");

        HttpHeaders sent = filter.filter(headers, exchange("/ws"));

        assertThat(sent.headerNames()).containsExactlyInAnyOrder("Upgrade", "X-Forwarded-For");
    }

    @Provide
    Arbitrary<List<String>> spellings() {
        Arbitrary<String> word = Arbitraries.of("Auth", "auth", "AUTH", "aUtH");
        Arbitrary<String> separator = Arbitraries.of("-", "_", ".");
        Arbitrary<String> rest = Arbitraries.of("User-Id", "User_Id", "token_id", "SCOPES", "Permissions", "x");
        return Combinators.combine(Arbitraries.of("X", "x"), separator, word, separator, rest)
            .as((x, first, auth, second, tail) -> x + first + auth + second + tail)
            .list().ofMinSize(1).ofMaxSize(4);
    }

    @Test
    void headersThatDidNotGoThroughTheOnePassLoseTheirForgedIdentityHeaders() {
        ServerWebExchange exchange = exchange("/ws");

        HttpHeaders sent = filter.filter(forged(), exchange);

        assertThat(sent.headerNames()).containsExactlyInAnyOrder("Upgrade", "X-Forwarded-For");
    }

    @Test
    void headersTheOnePassAlreadyCleanedAreNotScannedAgain() {
        ServerWebExchange exchange = exchange("/x");
        UnforwardedHeaders.leftOut(exchange);

        HttpHeaders sent = filter.filter(forged(), exchange);

        // what the pass would have left out is the pass's to leave out: this filter only sets its own headers
        assertThat(sent.headerNames()).contains("X-Auth-Scopes", "Upgrade", "X-Forwarded-For");
    }

    @Property(tries = 500)
    void theNettyWayWritesWhatTheSpringWayWrites(@ForAll boolean throughOnePass, @ForAll boolean withProject,
            @ForAll boolean withUser, @ForAll @IntRange(max = 7) int scopes,
            @ForAll int permissionBits, @ForAll boolean fromTrustedProxy, @ForAll long seed) {
        UpstreamHeadersFilter trusting = new UpstreamHeadersFilter("X-Auth-", fromTrustedProxy ? "10\\..*" : null);
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x")
            .header("X-Forwarded-For", "192.0.2.7")
            .remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));
        if (throughOnePass) {
            UnforwardedHeaders.leftOut(exchange);
        }
        int permissions = permissionBits & Permission.ALL;
        UUID organization = new UUID(seed, 1);
        TokenRecord token = new TokenRecord(new UUID(seed, 2), withUser ? TokenKind.LOGIN : TokenKind.ACCESS,
                organization, withProject ? new UUID(seed, 3) : null, withUser ? new UUID(seed, 4) : null, scopes,
                permissions, false, null, Set.of(), false, true);
        exchange.getAttributes().put(AuthBridge.PRINCIPAL_ATTRIBUTE,
                new AuthenticatedPrincipal(token, token.projectId(), organization, scopes, permissions));
        // forged names even after the one pass: a header filter between it and this one may put them back
        HttpHeaders start = forged();
        start.add("X-Forwarded-For", "192.0.2.7");

        HttpHeaders spring = trusting.filter(copy(start), exchange);
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        start.forEach(netty::add);
        trusting.filter(netty, exchange);

        HttpHeaders fromNetty = new HttpHeaders();
        netty.forEach(entry -> fromNetty.add(entry.getKey(), entry.getValue()));
        assertThat(normalized(fromNetty)).isEqualTo(normalized(spring));
        assertThat(netty.getAll("X-Auth-Token-Id")).containsExactly(token.id().toString());
        assertThat(netty.getAll("X-Auth-Scopes")).hasSize(1);
    }

    private static Map<String, List<String>> normalized(HttpHeaders headers) {
        Map<String, List<String>> byName = new TreeMap<>();
        headers.forEach((name, values) -> byName.put(name.toLowerCase(Locale.ROOT), values));
        return byName;
    }

    private static HttpHeaders copy(HttpHeaders headers) {
        HttpHeaders copy = new HttpHeaders();
        copy.addAll(headers);
        return copy;
    }

    private static ServerWebExchange exchange(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test" + path)
            .remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));
    }

    private static HttpHeaders forged() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Upgrade", "websocket");
        headers.add("X-Auth-Scopes", "global");
        headers.add("x-auth-token-id", "forged");
        return headers;
    }
}
