package io.authbridge.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebSocket upgrade through the gateway, against a real WebSocket upstream (Reactor Netty): the upstream's
 * handshake request carries no credential query parameter, whatever spelling of a credential name the client
 * used, and an upgrade without a credential on a protected route is answered 401 without any handshake upstream.
 */
@Import(WebSocketUpgradeTest.WebSocketRoute.class)
class WebSocketUpgradeTest extends GatewayTestSupport {

    /** The request target of every handshake the upstream received. */
    private static final List<String> handshakes = new CopyOnWriteArrayList<>();

    private static final DisposableServer webSocketUpstream = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle((request, response) -> {
            handshakes.add(request.uri());
            return response.sendWebsocket((in, out) -> out.sendString(Mono.just("hello")));
        })
        .bindNow();

    @TestConfiguration
    static class WebSocketRoute {

        @Bean
        RouteLocator webSocketRoutes(RouteLocatorBuilder routes) {
            return routes.routes()
                .route("ws-protected", route -> route.path("/ws-protected/**")
                    .uri("http://127.0.0.1:" + webSocketUpstream.port()))
                .build();
        }
    }

    /** Each configured name, each character as it is, upper-cased or percent-encoded (seeded, so repeatable). */
    static List<String> credentialNameSpellings() {
        Random random = new Random(20261207);
        List<String> spellings = new ArrayList<>();
        for (String name : List.of("access_token", "api_key", "apikey")) {
            spellings.add(name);
            spellings.add(name.toUpperCase(Locale.ROOT));
            for (int i = 0; i < 6; i++) {
                StringBuilder spelled = new StringBuilder();
                for (char c : name.toCharArray()) {
                    switch (random.nextInt(4)) {
                        case 0 -> spelled.append(c);
                        case 1 -> spelled.append(Character.toUpperCase(c));
                        case 2 -> spelled.append(String.format("%%%02X", (int) c));
                        default -> spelled.append(String.format("%%%02x", (int) c));
                    }
                }
                spellings.add(spelled.toString());
            }
        }
        return spellings;
    }

    @Test
    void theUpstreamsHandshakeCarriesNoCredentialQueryParameterInAnySpelling() throws IOException {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        for (String name : credentialNameSpellings()) {
            for (String[] around : new String[][] { { "", "" }, { "a=1&", "" }, { "", "&b=2" }, { "a=1;", ";b=2" }, { "a=b=c&", "" } }) {
                String query = around[0] + name + "=" + token.secret() + around[1];
                String expected = "/ws-protected/chat" + expectedQuery(around);
                int before = handshakes.size();

                RawHttp.Answer answer = upgrade("/ws-protected/chat?" + query);

                assertThat(answer.status()).as(query + " -> " + answer.text()).isEqualTo(101);
                assertThat(handshakes.size()).as(query).isEqualTo(before + 1);
                String received = handshakes.get(before);
                assertThat(received).as(query).isEqualTo(expected).doesNotContain(token.secret());
            }
        }
    }

    @Test
    void aPlainRequestsUpstreamQueryCarriesNoCredentialInTheSameSpellingsEither() throws IOException {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        for (String name : credentialNameSpellings()) {
            for (String[] around : new String[][] { { "a=1;", ";b=2" }, { "a=b=c&", "" }, { "", "&b=2" } }) {
                upstream.resetRequests();
                String query = around[0] + name + "=" + token.secret() + around[1];

                RawHttp.Answer answer = RawHttp.get(port, "/unfiltered/chat?" + query, "");

                assertThat(answer.status()).as(query + " -> " + answer.text()).isEqualTo(200);
                assertThat(receivedUpstream().getUrl()).as(query).doesNotContain(token.secret())
                    .doesNotContainIgnoringCase("token=").doesNotContainIgnoringCase("key=");
            }
        }
    }

    @Test
    void anUpgradeWithoutACredentialOnAProtectedRouteIs401AndNeverReachesTheUpstream() throws IOException {
        int before = handshakes.size();
        for (String target : List.of("/ws-protected/chat", "/ws-protected/chat?a=1", "/ws-protected/chat?access_token=",
                "/ws-protected/chat?access_token=UnknownToken000000000000000000000000000")) {
            RawHttp.Answer answer = upgrade(target);
            assertThat(answer.status()).as(target + " -> " + answer.text()).isEqualTo(401);
        }
        assertThat(handshakes).hasSize(before);
    }

    private static String expectedQuery(String[] around) {
        String kept = (around[0].isEmpty() ? "" : around[0].substring(0, around[0].length() - 1))
                + (!around[0].isEmpty() && !around[1].isEmpty() ? around[0].substring(around[0].length() - 1) : "")
                + (around[1].isEmpty() ? "" : around[1].substring(1));
        return kept.isEmpty() ? "" : "?" + kept;
    }

    private RawHttp.Answer upgrade(String target) throws IOException {
        return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                700);
    }
}
