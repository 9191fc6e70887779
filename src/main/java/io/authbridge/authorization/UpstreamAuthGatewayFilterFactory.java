package io.authbridge.authorization;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.authbridge.AuthBridge;
import io.authbridge.assertion.IdentityAssertions;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.credential.Credential;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.upstream.UpstreamAuthorization;
import io.netty.util.AsciiString;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * {@code UpstreamAuth}: the credential the upstream receives. {@code preserve} (the default, also without
 * this filter) forwards the header as the client sent it; {@code bearer} and {@code basic} rewrite the
 * caller's token into the other style; {@code none} removes it; {@code static} replaces it with a service
 * credential held by the gateway; {@code jwt} replaces it with an identity assertion signed by the gateway
 * ({@link IdentityAssertions}). A query credential is never forwarded.
 */
public class UpstreamAuthGatewayFilterFactory
        extends AbstractGatewayFilterFactory<UpstreamAuthGatewayFilterFactory.Config> {

    /** {@code preserve | bearer | basic | none | static | jwt}. */
    public static final String MODE_KEY = "mode";

    /** For {@code static}: {@code basic} or {@code bearer}. */
    public static final String SCHEME_KEY = "scheme";

    /** For {@code static basic}: the user name. */
    public static final String USERNAME_KEY = "username";

    /** For {@code static basic}: the password (use a {@code ${ENV}} placeholder). */
    public static final String PASSWORD_KEY = "password";

    /** For {@code static bearer}: the token (use a {@code ${ENV}} placeholder). */
    public static final String TOKEN_KEY = "token";

    /** For {@code jwt}: the {@code aud} claim; the route id when absent. */
    public static final String AUDIENCE_KEY = "audience";

    /** For {@code jwt}: the lifetime of an assertion ({@code 60s} when absent). */
    public static final String TTL_KEY = "ttl";

    /** For {@code jwt}: the header carrying the bare JWT instead of {@code Authorization: Bearer <JWT>}. */
    public static final String HEADER_KEY = "header";

    /** The upstream credential modes. */
    public enum Mode {
        PRESERVE, BEARER, BASIC, NONE, STATIC, JWT
    }

    private static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    private final ErrorResponseWriter errors;

    private final IdentityAssertions assertions;

    public UpstreamAuthGatewayFilterFactory(ErrorResponseWriter errors, IdentityAssertions assertions) {
        super(Config.class);
        this.errors = errors;
        this.assertions = assertions;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of(MODE_KEY, SCHEME_KEY, USERNAME_KEY, PASSWORD_KEY, TOKEN_KEY);
    }

    @Override
    public GatewayFilter apply(Config config) {
        Mode mode = parseMode(config.getMode());
        checkJwtArguments(mode, config);
        IdentityAssertions.Target target = mode == Mode.JWT ? jwtTarget(config) : null;
        OutgoingCredential outgoing = outgoing(mode, config, target);
        String described = mode == Mode.STATIC ? mode + " " + config.getScheme().toLowerCase(Locale.ROOT)
                : target != null ? mode + " " + target : mode.toString();
        return new UpstreamAuthFilter(mode, outgoing, described);
    }

    /**
     * What a mode sends upstream for a request: the decision the header pass writes, made once per request
     * from the caller; null for {@code preserve}, which leaves the client's header. A new mode is one more case.
     */
    private OutgoingCredential outgoing(Mode mode, Config config, IdentityAssertions.Target target) {
        return switch (mode) {
            case PRESERVE -> null;
            case NONE -> (principal, credential) -> UpstreamAuthorization.none();
            case STATIC -> {
                UpstreamAuthorization fixed = UpstreamAuthorization.authorization(AsciiString.cached(staticAuthorization(config)));
                yield (principal, credential) -> fixed;
            }
            case BEARER -> (principal, credential) -> UpstreamAuthorization.authorization(
                    principal == null || credential == null ? null : "Bearer " + credential.secret());
            case BASIC -> (principal, credential) -> UpstreamAuthorization.authorization(
                    principal == null || credential == null || principal.projectId() == null ? null
                            : basic(principal.projectId().toString(), credential.secret()));
            // the assertion (none for an anonymous caller of a public route) in its header, never the caller's
            // own Authorization, never a client's value of the assertion header
            case JWT -> {
                AsciiString header = AsciiString.cached(target.bearer() ? HttpHeaders.AUTHORIZATION : config.getHeader().trim());
                yield (principal, credential) -> UpstreamAuthorization.header(header,
                        principal == null ? null : assertions.headerValue(principal, target));
            }
        };
    }

    /** The upstream credential of one mode, from the authenticated caller and the credential it presented. */
    @FunctionalInterface
    interface OutgoingCredential {

        /** The decision; both arguments are null for an anonymous caller (a public route). */
        UpstreamAuthorization decide(AuthenticatedPrincipal principal, Credential credential);
    }

    /**
     * The filter of one route. The explain API asks it whether it refuses a caller, so that an explanation
     * names the refusal a request would get here.
     */
    public final class UpstreamAuthFilter implements GatewayFilter {

        private final Mode mode;

        private final OutgoingCredential outgoing;

        private final String described;

        UpstreamAuthFilter(Mode mode, OutgoingCredential outgoing, String described) {
            this.mode = mode;
            this.outgoing = outgoing;
            this.described = described;
        }

        /**
         * Whether the caller is refused here: {@code basic} names the caller's project, and an authenticated
         * caller acting in none (a login token sent as Bearer) cannot be expressed as project_id:token.
         */
        public boolean refuses(AuthenticatedPrincipal principal) {
            return mode == Mode.BASIC && principal != null && principal.projectId() == null;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            if (outgoing == null) {
                return chain.filter(exchange);
            }
            AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
            if (refuses(principal)) {
                exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "forbidden");
                return errors.write(exchange, GatewayError.FORBIDDEN);
            }
            // a value the header pass writes: the request itself stays the server's, on the one pass
            Credential credential = principal == null ? null : exchange.getAttribute(AuthBridge.CREDENTIAL_ATTRIBUTE);
            outgoing.decide(principal, credential).decideFor(exchange);
            return chain.filter(exchange);
        }

        @Override
        public String toString() {
            return filterToStringCreator(UpstreamAuthGatewayFilterFactory.this).append(MODE_KEY, described).toString();
        }
    }

    /** The jwt arguments belong to jwt only, and the static ones not to jwt: a misplaced one is a typo. */
    private static void checkJwtArguments(Mode mode, Config config) {
        if (mode == Mode.JWT) {
            for (String[] argument : new String[][] { { SCHEME_KEY, config.getScheme() },
                    { USERNAME_KEY, config.getUsername() }, { PASSWORD_KEY, config.getPassword() },
                    { TOKEN_KEY, config.getToken() } }) {
                if (argument[1] != null) {
                    throw new IllegalArgumentException("UpstreamAuth jwt: unknown argument '" + argument[0]
                            + "' (jwt takes audience, ttl, header)");
                }
            }
            return;
        }
        for (String[] argument : new String[][] { { AUDIENCE_KEY, config.getAudience() }, { TTL_KEY, config.getTtl() },
                { HEADER_KEY, config.getHeader() } }) {
            if (argument[1] != null) {
                throw new IllegalArgumentException("UpstreamAuth " + mode.toString().toLowerCase(Locale.ROOT)
                        + ": argument '" + argument[0] + "' belongs to mode jwt");
            }
        }
    }

    private IdentityAssertions.Target jwtTarget(Config config) {
        Duration ttl = DEFAULT_TTL;
        if (config.getTtl() != null) {
            try {
                ttl = DurationStyle.detectAndParse(config.getTtl().trim());
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("UpstreamAuth jwt: ttl '" + config.getTtl()
                        + "' is not a duration (such as 60s or 5m)");
            }
        }
        String header = config.getHeader();
        boolean bearer = header == null || header.isBlank() || header.trim().equalsIgnoreCase(HttpHeaders.AUTHORIZATION);
        if (!bearer && !header.trim().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("UpstreamAuth jwt: header '" + header + "' is not a header name");
        }
        try {
            return assertions.target(config.getRouteId(), config.getAudience(), ttl, bearer);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("UpstreamAuth jwt: " + ex.getMessage(), ex);
        }
    }

    static Mode parseMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return Mode.PRESERVE;
        }
        try {
            return Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("UpstreamAuth: unknown mode '" + mode
                    + "' (known: preserve, bearer, basic, none, static, jwt)");
        }
    }

    private static String staticAuthorization(Config config) {
        String scheme = config.getScheme() == null ? "" : config.getScheme().trim().toLowerCase(Locale.ROOT);
        if (scheme.equals("basic")) {
            require(config.getUsername(), USERNAME_KEY);
            require(config.getPassword(), PASSWORD_KEY);
            if (config.getUsername().contains(":")) {
                throw new IllegalArgumentException("UpstreamAuth static basic: username must not contain ':'");
            }
            return basic(config.getUsername(), config.getPassword());
        }
        if (scheme.equals("bearer")) {
            require(config.getToken(), TOKEN_KEY);
            return "Bearer " + config.getToken();
        }
        throw new IllegalArgumentException("UpstreamAuth static: scheme must be 'basic' or 'bearer'");
    }

    private static void require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("UpstreamAuth static: '" + name + "' is required");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("UpstreamAuth static: '" + name + "' contains control characters");
            }
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Per-route arguments. Secrets belong in {@code ${ENV}} placeholders, not in the YAML itself. */
    public static class Config implements HasRouteId {

        private String routeId;

        private String mode;

        private String scheme;

        private String username;

        private String password;

        private String token;

        private String audience;

        private String ttl;

        private String header;

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public String getScheme() {
            return scheme;
        }

        public void setScheme(String scheme) {
            this.scheme = scheme;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public String getAudience() {
            return audience;
        }

        public void setAudience(String audience) {
            this.audience = audience;
        }

        public String getTtl() {
            return ttl;
        }

        public void setTtl(String ttl) {
            this.ttl = ttl;
        }

        public String getHeader() {
            return header;
        }

        public void setHeader(String header) {
            this.header = header;
        }

        @Override
        public String toString() {
            // never the password or token
            return "Config[mode=" + mode + ", scheme=" + scheme + ", username=" + username + ", audience=" + audience
                    + ", ttl=" + ttl + ", header=" + header + "]";
        }
    }
}
