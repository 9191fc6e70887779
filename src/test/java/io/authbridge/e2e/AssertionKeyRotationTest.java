package io.authbridge.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.authbridge.AuthBridgeApplication;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key rotation as operators do it (README, "Signed identity for upstreams"), seen by an upstream written
 * without AuthBridge's code: a small HTTP server that verifies every request's assertion with Nimbus against
 * the gateway's {@code /.well-known/jwks.json} (signature, {@code iss}, {@code aud}, {@code exp}, no clock
 * skew) and answers 401 otherwise. The gateway restarts on the same port with a new signing key and the old
 * one as {@code previous-key-files}: the upstream keeps its cached key set and fetches the new one when it
 * meets the new {@code kid}; an assertion signed before the rotation verifies until it expires, then not.
 */
class AssertionKeyRotationTest {

    private static final String ISSUER = "https://gateway.rotation.test";

    private static final String AUDIENCE = "https://verifier.test";

    private static final String PEPPER = "rotation-test-pepper-0123456789abcdef";

    @TempDir
    Path keys;

    private VerifyingUpstream verifier;

    @AfterEach
    void stopUpstream() {
        if (verifier != null) {
            verifier.close();
        }
    }

    @Test
    void anAssertionSignedBeforeARotationVerifiesUntilItExpiresWhileTheNewKeySigns() throws Exception {
        Path oldKey = writePem(keys.resolve("old.pem"), ecKeyPair(), true);
        KeyPair newPair = rsaKeyPair();
        Path newKey = writePem(keys.resolve("new.pem"), newPair, true);
        Path oldPublic = keys.resolve("old-public.pem");
        Files.writeString(oldPublic, Files.readString(oldKey).replaceAll("(?s)-----BEGIN PRIVATE KEY-----.*?-----END PRIVATE KEY-----\\s*", ""));
        int gatewayPort = freePort();
        verifier = VerifyingUpstream.start("http://127.0.0.1:" + gatewayPort + "/.well-known/jwks.json");
        String store = "r2dbc:h2:mem:///rotation-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

        IssuedToken token;
        String signedBefore;
        try (ConfigurableApplicationContext before = startGateway(gatewayPort, store, Map.of(
                "authbridge.identity-assertion.key-file", oldKey.toString()))) {
            token = newToken(before);
            HttpResponse<String> reply = get(gatewayPort, "/verified/x", "Bearer " + token.secret());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            signedBefore = verifier.lastAccepted();
            assertThat(header(signedBefore).getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        }

        try (ConfigurableApplicationContext after = startGateway(gatewayPort, store, Map.of(
                "authbridge.identity-assertion.key-file", newKey.toString(),
                "authbridge.identity-assertion.previous-key-files", oldPublic.toString()))) {
            HttpResponse<String> reply = get(gatewayPort, "/verified/x", "Bearer " + token.secret());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            String signedAfter = verifier.lastAccepted();
            assertThat(header(signedAfter).getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(header(signedAfter).getKeyID()).isNotEqualTo(header(signedBefore).getKeyID());
            String published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gatewayPort + "/.well-known/jwks.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(com.nimbusds.jose.jwk.JWKSet.parse(published).getKeys())
                .extracting(com.nimbusds.jose.jwk.JWK::getKeyID)
                .containsExactly(header(signedAfter).getKeyID(), header(signedBefore).getKeyID());

            // an assertion still on its way (signed by the old key) is accepted until it expires
            assertThat(verifier.call("Bearer " + signedBefore).statusCode()).isEqualTo(200);
            assertThat(verifier.call("Bearer " + tampered(signedBefore)).statusCode()).isEqualTo(401);
            assertThat(verifier.call("Bearer " + tampered(signedAfter)).statusCode()).isEqualTo(401);

            // once it expired, it is refused (the upstream's clock moves past its exp: no test waits the ttl out)
            Instant expiry = SignedJWT.parse(signedBefore).getJWTClaimsSet().getExpirationTime().toInstant();
            verifier.setClockAhead(Duration.between(Instant.now(), expiry).plusSeconds(1));
            HttpResponse<String> expired = verifier.call("Bearer " + signedBefore);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(expired.body()).containsIgnoringCase("expired");
        }
        assertThat(verifier.rejectedUnexpectedly()).as("requests from the gateway the upstream refused").isEmpty();
    }

    private static com.nimbusds.jose.JWSHeader header(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader();
    }

    /** The assertion with its subject changed and the signature kept. */
    private static String tampered(String jwt) {
        String[] parts = jwt.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"" + UUID.randomUUID() + "\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    // ------------------------------------------------------------------------------ the gateway

    private ConfigurableApplicationContext startGateway(int port, String store, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spring.config.location", "classpath:/application.yml");
        all.put("server.port", String.valueOf(port));
        all.put("management.server.port", "0");
        all.put("spring.r2dbc.url", store);
        all.put("authbridge.security.token-pepper", PEPPER);
        all.put("authbridge.identity-assertion.issuer", ISSUER);
        all.put("authbridge.identity-assertion.generated-key-file", keys.resolve("unused.pem").toString());
        all.put("logging.level.root", "warn");
        String route = "spring.cloud.gateway.server.webflux.routes[0].";
        all.put(route + "id", "verified");
        all.put(route + "uri", verifier.url());
        all.put(route + "predicates[0]", "Path=/verified/**");
        all.put(route + "filters[0].name", "UpstreamAuth");
        all.put(route + "filters[0].args.mode", "jwt");
        all.put(route + "filters[0].args.audience", AUDIENCE);
        // long enough to outlast the restart of a gateway on a loaded machine
        all.put(route + "filters[0].args.ttl", "10m");
        all.putAll(extra);
        List<String> args = new ArrayList<>();
        all.forEach((name, value) -> args.add("--" + name + "=" + value));
        SpringApplication application = new SpringApplication(AuthBridgeApplication.class);
        // Reactor Netty resources of its own: closing this instance must not dispose the JVM-wide ones
        application.addInitializers(context -> ((GenericApplicationContext) context).registerBean(
                ReactorResourceFactory.class, () -> {
                    ReactorResourceFactory resources = new ReactorResourceFactory();
                    resources.setUseGlobalResources(false);
                    return resources;
                }));
        return application.run(args.toArray(String[]::new));
    }

    private static IssuedToken newToken(ConfigurableApplicationContext context) {
        DirectoryStore directory = context.getBean(DirectoryStore.class);
        Instant now = Instant.now();
        Organization organization = new Organization(UUID.randomUUID(), "Rotation " + now, now, now);
        Project project = new Project(UUID.randomUUID(), organization.id(), null, "Rotation", false, now, now);
        directory.createOrganization(organization).then(directory.createProject(project)).block(Duration.ofSeconds(10));
        return context.getBean(TokenService.class)
            .issue(new NewToken(TokenKind.ACCESS, organization.id(), project.id(), null, "rotation", null,
                    Scope.CLIENT.bit(), Permission.CALLING.bit(), null, null, NewToken.SecretStyle.SIGNALWIRE))
            .block(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", authorization).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------ keys

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static Path writePem(Path file, KeyPair pair, boolean withPublic) throws IOException {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] { '\n' });
        String pem = "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        if (withPublic) {
            pem += "-----BEGIN PUBLIC KEY-----\n" + base64.encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
        }
        return Files.writeString(file, pem);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------ the upstream

    /**
     * An upstream that trusts nothing but the gateway's key set: every request must carry {@code Authorization:
     * Bearer <JWT>} that verifies (signature by a published key, {@code iss}, {@code aud}, {@code exp} with no
     * clock skew), else 401 with the reason. Its key set is cached as Nimbus caches it and re-fetched when an
     * unknown {@code kid} arrives.
     */
    static final class VerifyingUpstream implements AutoCloseable {

        private final HttpServer server;

        private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

        private final List<String> accepted = new CopyOnWriteArrayList<>();

        private final List<String> rejected = new CopyOnWriteArrayList<>();

        private volatile Duration clockAhead = Duration.ZERO;

        private VerifyingUpstream(String jwksUrl) throws IOException {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL(),
                    new com.nimbusds.jose.util.DefaultResourceRetriever(10_000, 10_000)).retrying(true).build();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                    keys));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(AUDIENCE,
                    new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "iat", "exp", "jti")) {
                @Override
                protected java.util.Date currentTime() {
                    return java.util.Date.from(Instant.now().plus(clockAhead));
                }
            };
            claims.setMaxClockSkew(0);
            processor.setJWTClaimsSetVerifier(claims);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        }

        static VerifyingUpstream start(String jwksUrl) throws IOException {
            return new VerifyingUpstream(jwksUrl);
        }

        /** Moves the upstream's clock forward, as time passing would. */
        void setClockAhead(Duration ahead) {
            this.clockAhead = ahead;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String lastAccepted() {
            return accepted.get(accepted.size() - 1);
        }

        /** Rejections of requests that came through the gateway (the test's own forgeries excluded). */
        List<String> rejectedUnexpectedly() {
            return rejected;
        }

        /** A request straight to the upstream, as a replayed or forged assertion would arrive. */
        HttpResponse<String> call(String authorization) throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/direct"))
                .header("Authorization", authorization).header("X-Test-Direct", "true").build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private void handle(HttpExchange exchange) throws IOException {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                status = 401;
                body = "{\"rejected\":\"no assertion\"}";
            }
            else {
                String jwt = authorization.substring("Bearer ".length());
                try {
                    JWTClaimsSet claims = processor.process(jwt, null);
                    accepted.add(jwt);
                    status = 200;
                    body = "{\"sub\":\"" + claims.getSubject() + "\"}";
                }
                catch (Exception ex) {
                    status = 401;
                    body = "{\"rejected\":\"" + ex.getMessage().replace('"', '\'') + "\"}";
                }
            }
            if (status != 200 && exchange.getRequestHeaders().getFirst("X-Test-Direct") == null) {
                rejected.add(body);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
