package io.authbridge.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServerRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The head check refuses a target exactly when Spring's adapter cannot build the request's URI from it: a differential
 * test against Spring's own {@code ReactorUriHelper.createUri} (package-private, called reflectively) on generated
 * targets of every form, absolute-form ones with and without a path, query or fragment included. If an upgrade changes
 * how Spring splits a target, this fails rather than the server refusing bare what the head check passed.
 */
class SpringRequestUriTest {

    private static final Method CREATE_URI;

    static {
        try {
            Class<?> helper = Class.forName("org.springframework.http.server.reactive.ReactorUriHelper");
            CREATE_URI = helper.getMethod("createUri", HttpServerRequest.class);
            CREATE_URI.setAccessible(true);
        }
        catch (ReflectiveOperationException notThere) {
            throw new ExceptionInInitializerError(notThere);
        }
    }

    /** What precedes the characters drawn: every form, and the shapes Spring splits on. */
    private static final List<String> STARTS = List.of("", "/", "//", "?", "#", "*", "http://", "HTTP://", "hTtPs://",
            "http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.0.0.1:8080?", "http://127.0.0.1:8080#",
            "http://[::1]:80", "http://u@h", "http://", "://", "://a", "h:80", "http:", "http:/", "ftp://a", "a:/", "/a://b");

    /** Every class of character a URI may not hold as it is, the three Spring splits on, escapes and their halves. */
    private static final String ALPHABET = "abz09-._~!$&'()*+,;=:@/?#%%%zZfF<>\"|{}\\^`[] \t\u007f\u0001\u0080\u009f\u00a0\u00e9\u00ff";

    /** Spring's URI of the target, as its adapter builds it for an {@code http} request to {@code localhost:80}. */
    private static URI springUri(String target) throws URISyntaxException {
        HttpServerRequest request = (HttpServerRequest) Proxy.newProxyInstance(SpringRequestUriTest.class.getClassLoader(),
                new Class<?>[] { HttpServerRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "scheme" -> "http";
                    case "hostName" -> "localhost";
                    case "hostPort" -> 80;
                    case "forwardedPrefix" -> null;
                    case "uri" -> target;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        try {
            return (URI) CREATE_URI.invoke(null, request);
        }
        catch (InvocationTargetException failed) {
            if (failed.getCause() instanceof URISyntaxException notUri) {
                throw notUri;
            }
            throw new IllegalStateException(failed.getCause());
        }
        catch (IllegalAccessException notAllowed) {
            throw new IllegalStateException(notAllowed);
        }
    }

    @Test
    void aTargetIsRepairedExactlyWhenSpringCannotBuildItsUriAndTheRepairIsOneSpringBuilds() throws URISyntaxException {
        Random random = new Random(3986);
        int refused = 0;
        int absoluteRefused = 0;
        for (int i = 0; i < 60_000; i++) {
            StringBuilder target = new StringBuilder(STARTS.get(random.nextInt(STARTS.size())));
            int length = random.nextInt(10);
            for (int j = 0; j < length; j++) {
                target.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String text = target.toString();
            URI uri;
            try {
                uri = springUri(text);
            }
            catch (URISyntaxException notUri) {
                uri = null;
            }
            String repaired = RequestHeadCheck.repairedTarget(text);
            assertThat(repaired == null).as(text).isEqualTo(uri != null);
            if (uri != null) {
                // the part the head check reads is the part Spring parsed
                assertThat(uri.toString()).as(text).isEqualTo("http://localhost" + RequestHeadCheck.uriTail(text));
            }
            else {
                assertThat(springUri(repaired)).as(repaired).isNotNull();
                refused++;
                if (RequestTargetForm.isAbsoluteForm(text)) {
                    absoluteRefused++;
                }
            }
        }
        assertThat(refused).as("targets no URI").isGreaterThan(10_000);
        assertThat(absoluteRefused).as("absolute-form targets no URI").isGreaterThan(2_000);
    }

    @Test
    void theAbsoluteFormTargetsTheAttackerSentAreRefused() {
        for (String target : List.of("http://127.0.0.1:8080?a=%zz", "http://h:1?<script>", "http://h:1?a=\"|{}",
                "HTTP://h:1?a=%zz/api/v2/x", "http://h:1#%zz", "https://h?%", "http://h?\u00e9\u0080")) {
            assertThat(RequestHeadCheck.repairedTarget(target)).as(target).isNotNull();
        }
        for (String target : List.of("http://127.0.0.1:8080?a=b", "http://h:1", "http://h:1/x?a=%41", "http://h%zz/x")) {
            assertThat(RequestHeadCheck.repairedTarget(target)).as(target).isNull();
        }
    }
}
