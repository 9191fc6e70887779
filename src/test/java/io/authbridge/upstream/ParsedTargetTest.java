package io.authbridge.upstream;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routing filter hands the HTTP client the request URL as parsed when the client reads the same endpoint from it
 * as from the URL's text (what the gateway's routing filter hands it): checked here against Reactor Netty's own two
 * readings, on generated URLs.
 */
class ParsedTargetTest {

    private static final List<String> SCHEMES = List.of("http", "https", "HTTP", "Https");

    private static final List<String> HOSTS = List.of("localhost", "127.0.0.1", "[::1]", "[2001:db8::7]", "a-b.example",
            "UPPER.example", "my_service", "h", "xn--bcher-kva.example", "user:secret@h", "u@127.0.0.1", "");

    private static final List<String> PORTS = List.of("", ":8", ":80", ":443", ":8080", ":65535", ":", ":099");

    private static final String PATH_CHARACTERS = "abcXYZ019/-._~!$&'()*+,;=:@%2F%41%e9?#é[] ";

    @Test
    void theClientReadsTheSameEndpointFromTheParsedUrlAsFromItsTextWheneverTheParsedUrlIsHandedOn() throws Exception {
        Endpoints client = new Endpoints();
        Random random = new Random(3986);
        int handedOn = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder path = new StringBuilder();
            int length = random.nextInt(14);
            for (int i = 0; i < length; i++) {
                path.append(PATH_CHARACTERS.charAt(random.nextInt(PATH_CHARACTERS.length())));
            }
            String text = SCHEMES.get(random.nextInt(SCHEMES.size())) + "://" + HOSTS.get(random.nextInt(HOSTS.size()))
                    + PORTS.get(random.nextInt(PORTS.size())) + (random.nextBoolean() ? "/" : "") + path;
            URI url;
            try {
                url = new URI(text);
            }
            catch (URISyntaxException notUri) {
                continue;
            }
            String ascii = url.toASCIIString();
            if (!UpstreamRoutingFilter.isParsedAlike(url, ascii)) {
                continue;
            }
            handedOn++;
            assertThat(client.read(url)).as(text).isEqualTo(client.read(ascii));
        }
        assertThat(handedOn).as("generated URLs handed on parsed").isGreaterThan(2_000);
    }

    @Test
    void theUsualUpstreamUrlsAreHandedOnParsed() throws URISyntaxException {
        for (String usual : List.of("http://127.0.0.1:8081/api/v2/events?limit=10", "https://api.internal.example/x",
                "http://localhost:9000/", "http://[::1]:8080/a%2Fb;c?d=%20")) {
            URI url = new URI(usual);
            assertThat(UpstreamRoutingFilter.isParsedAlike(url, url.toASCIIString())).as(usual).isTrue();
        }
        for (String text : List.of("http://my_service:8080/x", "http://user:pass@h/x", "http://h:8/x", "http://h/é")) {
            URI url = new URI(text);
            assertThat(UpstreamRoutingFilter.isParsedAlike(url, url.toASCIIString())).as(text).isFalse();
        }
    }

    /** Reactor Netty's package-private readings of a URL, as its HTTP client makes them on every request. */
    private static final class Endpoints {

        private final Object factory;

        private final Method fromText;

        private final Method fromUri;

        Endpoints() throws Exception {
            Class<?> type = Class.forName("reactor.netty.http.client.UriEndpointFactory");
            Constructor<?> constructor = type.getDeclaredConstructor(Supplier.class, boolean.class, BiFunction.class);
            constructor.setAccessible(true);
            BiFunction<String, Integer, InetSocketAddress> unresolved = InetSocketAddress::createUnresolved;
            Supplier<SocketAddress> none = () -> null;
            factory = constructor.newInstance(none, false, unresolved);
            fromText = type.getDeclaredMethod("createUriEndpoint", String.class, boolean.class);
            fromText.setAccessible(true);
            fromUri = type.getDeclaredMethod("createUriEndpoint", URI.class, boolean.class);
            fromUri.setAccessible(true);
        }

        String read(Object url) throws Exception {
            Object endpoint = (url instanceof URI ? fromUri : fromText).invoke(factory, url, false);
            return field(endpoint, "scheme") + " " + field(endpoint, "host") + " " + field(endpoint, "port") + " "
                    + field(endpoint, "pathAndQuery") + " " + field(endpoint, "remoteAddress");
        }

        private static Object field(Object endpoint, String name) throws Exception {
            Field field = endpoint.getClass().getDeclaredField(name);
            field.setAccessible(true);
            return field.get(endpoint);
        }
    }
}
