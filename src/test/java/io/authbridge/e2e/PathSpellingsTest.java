package io.authbridge.e2e;

import java.io.IOException;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.Project;
import io.authbridge.path.CanonicalPath;
import io.authbridge.path.LenientReading;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path spellings against a running gateway (SPEC §10): every request is either refused 400 with nothing sent
 * upstream, or routed on its canonical path, which is exactly the path the upstream receives (after the
 * route's own rewriting filters), and a protected route's checks always apply, whatever a lenient upstream
 * would make of the spelling. Routes: {@code site-admin} (user scope) declared before the public
 * {@code site}, {@code accounts} ({@code project-variable}), {@code rewrite} ({@code RewritePath}),
 * {@code strip} ({@code StripPrefix}) and one route per {@code UpstreamAuth} mode.
 */
class PathSpellingsTest extends GatewayTestSupport {

    /** Requests per run: each is a connection and a proxied request, about 10 ms. */
    private static final int TRIES = 250;

    private static final List<String> PREFIXES = List.of("/site", "/site/admin", "/site/x", "/Accounts/{own}",
            "/Accounts/{other}", "/rewrite", "/strip", "/strip/site/admin", "/preserve", "/bearer", "/basic", "/none",
            "/static-basic", "/static-bearer", "/jwt", "/jwt-header", "/public", "/xl/admin", "/xl", "");

    private static final List<String> SEGMENTS = List.of("", ".", "..", "...", "%2e", "%2E", "%2e%2e", ".%2E", "%2e.",
            "site", "admin", "%61dmin", "ADMIN", "Accounts", "{own}", "{other}", "x", "users", "..;", ";", ";x=1",
            "admin;x", "..;x", "%3b", "%2f", "%2F", "%5c", "\\", "%00", "%09", "%0d%0a", "%7f", "%252e", "%252F", "%25",
            "%", "%4", "%zz", "%c0%ae", "%c3%a9", "%e9", "a%2eb", "%20", "~", "%7E", "public", "rewrite", "strip",
            "\u0001", "\u00e9", "a b");

    private record Case(String prefix, List<String> segments, String tail, boolean credential) {
    }

    @Test
    void everyPathSpellingIsRefusedOrRoutedOnExactlyThePathTheUpstreamReceives() throws IOException {
        Project own = newProject();
        Project other = newProject();
        IssuedToken key = scopedToken(own, Scope.CLIENT);
        // drawn outside a jqwik property (the application context is JUnit's): each failure names its request
        List<Case> drawnCases = cases().sampleStream().limit(TRIES).toList();
        int routed = 0;
        int refused = 0;
        for (int i = 0; i < TRIES; i++) {
            Case drawn = drawnCases.get(i);
            String raw = (drawn.prefix() + "/" + String.join("/", drawn.segments()) + "/" + drawn.tail())
                .replace("{own}", own.id().toString())
                .replace("{other}", other.id().toString());
            String outcome = check(raw, drawn.credential() ? "Authorization: Bearer " + key.secret() + "\r\n" : "",
                    own, other, "case " + i);
            routed += outcome.equals("routed") ? 1 : 0;
            refused += outcome.equals("refused") ? 1 : 0;
        }
        // the generator has to reach both sides for the property to say anything
        assertThat(routed).as("requests that reached the upstream").isGreaterThan(TRIES / 20);
        assertThat(refused).as("requests refused 400").isGreaterThan(TRIES / 20);
    }

    /** The property for one spelling: "refused", "routed" or "stopped" (401/403/404 with nothing upstream). */
    private String check(String raw, String credential, Project own, Project other, String label) throws IOException {
        upstream.resetRequests();
        RawHttp.Answer answer = RawHttp.get(port, raw, credential);
        List<LoggedRequest> received = upstreamRequests();
        String description = label + ": GET " + raw + (credential.isEmpty() ? "" : " with a client key") + " -> "
                + answer.status();
        assertThat(received).as(description).hasSizeLessThanOrEqualTo(1);
        assertThat(answer.status()).as(description).isNotEqualTo(500).isNotZero();

        String lenient = LenientReading.of(raw);
        boolean protectedByUserScope = under(lenient, "/site/admin") || under(lenient, "/xl/admin");
        boolean otherProject = under(lenient, "/Accounts/" + other.id());
        boolean needsCredential = !under(lenient, "/site") && !under(lenient, "/public") && !under(lenient, "/jwt-header");

        CanonicalPath canonical = CanonicalPath.of(raw);
        if (canonical instanceof CanonicalPath.Refused) {
            assertThat(answer.status()).as(description).isEqualTo(400);
            assertThat(received).as(description).isEmpty();
            return "refused";
        }
        String path = ((CanonicalPath.Accepted) canonical).path();
        if (protectedByUserScope || otherProject || credential.isEmpty() && needsCredential) {
            assertThat(received).as(description + " (the route's checks apply)").isEmpty();
        }
        if (received.isEmpty()) {
            return "stopped";
        }
        String forwarded = received.get(0).getUrl();
        assertThat(answer.status()).as(description).isEqualTo(HttpStatus.OK.value());
        assertThat(forwarded).as(description + ": the path the upstream received").isEqualTo(upstreamPath(path));
        if (!under(path, "/rewrite") && !under(path, "/strip")) {
            // the upstream's own reading of what it received is the gateway's reading of what the client sent
            assertThat(LenientReading.of(forwarded)).as(description).isEqualTo(lenient);
        }
        return "routed";
    }

    /** The path the routes' own filters make of the canonical path. */
    private static String upstreamPath(String path) {
        if (under(path, "/rewrite")) {
            return path.replaceAll("/rewrite/(?<rest>.*)", "/rewritten/${rest}");
        }
        if (under(path, "/strip")) {
            // StripPrefix=1, as the gateway does it
            String[] parts = StringUtils.tokenizeToStringArray(path, "/");
            StringBuilder stripped = new StringBuilder("/");
            for (int i = 1; i < parts.length; i++) {
                if (stripped.length() > 1) {
                    stripped.append('/');
                }
                stripped.append(parts[i]);
            }
            if (stripped.length() > 1 && path.endsWith("/")) {
                stripped.append('/');
            }
            return stripped.toString();
        }
        return path;
    }

    private static boolean under(String path, String prefix) {
        return LenientReading.isUnder(path, prefix);
    }

    private static Arbitrary<Case> cases() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(SEGMENTS)),
                Tuple.of(1, Arbitraries.of("", ".", "..", "x", "users", "admin", "site")));
        return Combinators.combine(Arbitraries.of(PREFIXES), segment.list().ofMaxSize(4),
                Arbitraries.of("users", "", "Calls", "admin", "..", "%2e%2e"), Arbitraries.of(true, false))
            .as(Case::new);
    }
}
