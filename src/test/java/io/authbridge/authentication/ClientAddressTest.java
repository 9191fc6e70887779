package io.authbridge.authentication;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose address the per-client features count: a forwarded one only when a trusted proxy forwarded it. */
class ClientAddressTest {

    private final ClientAddress addresses = new ClientAddress("10\\.0\\.0\\..*");

    private final Random random = new Random(7);

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.get("/x").remoteAddress(new InetSocketAddress(peer, 40000));
    }

    private String randomAddress() {
        return random.nextInt(1, 224) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    @Test
    void anUntrustedPeerIsCountedAsItselfWhateverItForwards() {
        for (int i = 0; i < 500; i++) {
            String peer = "192.0.2." + random.nextInt(1, 255);
            String forwarded = switch (i % 5) {
                case 0 -> randomAddress();
                case 1 -> randomAddress() + ", " + randomAddress();
                case 2 -> "10.0.0.1";
                case 3 -> "[2001:db8::" + Integer.toHexString(i) + "]:443";
                default -> "unknown, " + randomAddress();
            };
            MockServerHttpRequest request = from(peer).header("X-Forwarded-For", forwarded)
                .header("Forwarded", "for=" + randomAddress()).header("X-Real-IP", randomAddress()).build();
            assertThat(addresses.resolve(request)).as(forwarded).isEqualTo(peer);
        }
    }

    @Test
    void aTrustedProxyIsCountedAsTheNearestUntrustedAddressItForwards() {
        for (int i = 0; i < 500; i++) {
            String client = randomAddress();
            String spoofed = randomAddress();
            String innerProxy = "10.0.0." + random.nextInt(1, 255);
            String header = switch (i % 4) {
                case 0 -> client;
                case 1 -> spoofed + ", " + client;
                case 2 -> spoofed + ",  " + client + " , " + innerProxy;
                default -> client + ":" + random.nextInt(1, 65536);
            };
            MockServerHttpRequest request = from("10.0.0.9").header("X-Forwarded-For", header).build();
            assertThat(addresses.resolve(request)).as(header).isEqualTo(client);
        }
        // over several header lines, as a chain of proxies may send them
        assertThat(addresses.resolve(from("10.0.0.9").header("X-Forwarded-For", "198.51.100.7", "203.0.113.8, 10.0.0.2")
            .build())).isEqualTo("203.0.113.8");
        // IPv6 spellings of one address are one client
        for (String spelling : List.of("2001:db8::1", "[2001:db8::1]", "[2001:db8:0:0:0:0:0:1]:8080", "2001:DB8:0::1")) {
            assertThat(addresses.resolve(from("10.0.0.9").header("X-Forwarded-For", spelling).build()))
                .as(spelling).isEqualTo("2001:db8:0:0:0:0:0:1");
        }
    }

    @Test
    void aForwardedEntryThatIsNoAddressEndsTheWalkAtTheLastOneThatWas() {
        for (String garbage : List.of("unknown", "", "999.1.1.1", "example.test", "1.2.3", "_hidden", "::zz", "[::1",
                "1.2.3.4.5", "localhost")) {
            assertThat(addresses.resolve(from("10.0.0.9").header("X-Forwarded-For", garbage).build()))
                .as(garbage).isEqualTo("10.0.0.9");
            assertThat(addresses.resolve(from("10.0.0.9").header("X-Forwarded-For", garbage + ", 203.0.113.5").build()))
                .as(garbage).isEqualTo("203.0.113.5");
            assertThat(addresses.resolve(from("10.0.0.9").header("X-Forwarded-For", "203.0.113.5, " + garbage + ", 10.0.0.3")
                .build())).as(garbage).isEqualTo("10.0.0.3");
        }
    }

    @Test
    void withoutTrustedProxiesEveryPeerIsItself() {
        ClientAddress none = new ClientAddress("");
        assertThat(none.resolve(from("10.0.0.9").header("X-Forwarded-For", "203.0.113.5").build())).isEqualTo("10.0.0.9");
    }
}
