package io.authbridge.assertion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IdentityAssertionsTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(START);

    private IdentityAssertions assertions() throws Exception {
        Path key = directory.resolve("key.pem");
        Files.writeString(key, SigningKeysTest.pem("ec-pkcs8.pem"));
        return new IdentityAssertions(new IdentityAssertionProperties("https://gateway.example", key,
                directory.resolve("unused.pem"), List.of(), 100), clock);
    }

    private static TokenRecord record(int scopes, int permissions, Instant expires) {
        return new TokenRecord(UUID.randomUUID(), TokenKind.ACCESS, UUID.randomUUID(), UUID.randomUUID(), null, scopes,
                permissions, false, expires, Set.of(), false, true);
    }

    private static AuthenticatedPrincipal principal(TokenRecord record) {
        return AuthenticatedPrincipal.of(record, record.projectId(), record.organizationId());
    }

    private static TokenRecord withPermissions(TokenRecord record, int permissions) {
        return new TokenRecord(record.id(), record.kind(), record.organizationId(), record.projectId(), record.userId(),
                record.scopes(), permissions, record.disabled(), record.expiresAt(), record.userOrganizationIds(),
                record.userGlobalAdmin(), record.userActive());
    }

    private static JWTClaimsSet verified(IdentityAssertions assertions, String headerValue) throws Exception {
        SignedJWT jwt = SignedJWT.parse(headerValue.substring("Bearer ".length()));
        ECKey published = (ECKey) JWKSet.parse(assertions.jwks()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(published))).as("signature").isTrue();
        return jwt.getJWTClaimsSet();
    }

    @Test
    void anAssertionCarriesTheCallersIdentityForTheRoutesAudience() throws Exception {
        IdentityAssertions assertions = assertions();
        TokenRecord token = record(Scope.CLIENT.bit(), Permission.MESSAGING.bit() | Permission.CALLING.bit(), null);

        String value = assertions.headerValue(principal(token),
                assertions.target("messaging", null, Duration.ofSeconds(60), true));

        JWTClaimsSet claims = verified(assertions, value);
        assertThat(claims.getIssuer()).isEqualTo("https://gateway.example");
        assertThat(claims.getAudience()).containsExactly("messaging");
        assertThat(claims.getSubject()).isEqualTo(token.id().toString());
        assertThat(claims.getStringClaim("org")).isEqualTo(token.organizationId().toString());
        assertThat(claims.getStringClaim("project")).isEqualTo(token.projectId().toString());
        assertThat(claims.getClaim("user")).isNull();
        assertThat(claims.getStringClaim("scope")).isEqualTo("client");
        assertThat(claims.getStringListClaim("permissions")).containsExactly("calling", "messaging");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(START);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(START.plusSeconds(60));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(SignedJWT.parse(value.substring(7)).getHeader().getType().getType()).isEqualTo("JWT");
    }

    @Test
    void aUserScopedTokenAssertsItsImpliedScopesAndEveryPermission() throws Exception {
        IdentityAssertions assertions = assertions();

        JWTClaimsSet claims = verified(assertions, assertions.headerValue(principal(record(Scope.USER.bit(), 0, null)),
                assertions.target("r", "https://api.internal", Duration.ofSeconds(60), true)));

        assertThat(claims.getAudience()).containsExactly("https://api.internal");
        assertThat(claims.getStringClaim("scope")).isEqualTo("client user");
        assertThat(claims.getStringListClaim("permissions")).hasSize(Permission.values().length);
    }

    @Test
    void anAssertionIsReusedWhileMoreThanHalfItsLifetimeRemains() throws Exception {
        IdentityAssertions assertions = assertions();
        AuthenticatedPrincipal caller = principal(record(Scope.CLIENT.bit(), 0, null));
        IdentityAssertions.Target route = assertions.target("r", null, Duration.ofSeconds(60), true);

        String first = assertions.headerValue(caller, route);
        clock.advance(Duration.ofSeconds(29));
        String reused = assertions.headerValue(caller, route);
        clock.advance(Duration.ofSeconds(1));
        String renewed = assertions.headerValue(caller, route);

        assertThat(reused).isSameAs(first);
        assertThat(renewed).isNotEqualTo(first);
        assertThat(verified(assertions, renewed).getIssueTime().toInstant()).isEqualTo(START.plusSeconds(30));
    }

    @Test
    void anAssertionIsNotSharedAcrossRoutesOrAudiences() throws Exception {
        IdentityAssertions assertions = assertions();
        AuthenticatedPrincipal caller = principal(record(Scope.CLIENT.bit(), 0, null));

        String a = assertions.headerValue(caller, assertions.target("a", null, Duration.ofSeconds(60), true));
        String b = assertions.headerValue(caller, assertions.target("b", null, Duration.ofSeconds(60), true));
        String aOther = assertions.headerValue(caller, assertions.target("a", "other", Duration.ofSeconds(60), true));

        assertThat(verified(assertions, a).getAudience()).containsExactly("a");
        assertThat(verified(assertions, b).getAudience()).containsExactly("b");
        assertThat(verified(assertions, aOther).getAudience()).containsExactly("other");
    }

    @Test
    void aChangedTokenNeverGetsTheAssertionOfItsOldRecord() throws Exception {
        IdentityAssertions assertions = assertions();
        TokenRecord before = record(Scope.CLIENT.bit(), Permission.MESSAGING.bit() | Permission.FAX.bit(), null);
        IdentityAssertions.Target route = assertions.target("r", null, Duration.ofSeconds(60), true);
        String old = assertions.headerValue(principal(before), route);

        String afterChange = assertions.headerValue(principal(withPermissions(before, Permission.MESSAGING.bit())), route);

        assertThat(afterChange).isNotEqualTo(old);
        assertThat(verified(assertions, afterChange).getStringListClaim("permissions")).containsExactly("messaging");
    }

    @Test
    void aForgottenTokenGetsANewAssertionEvenWithTheSameRecord() throws Exception {
        IdentityAssertions assertions = assertions();
        AuthenticatedPrincipal caller = principal(record(Scope.CLIENT.bit(), 0, null));
        IdentityAssertions.Target route = assertions.target("r", null, Duration.ofSeconds(60), true);
        String old = assertions.headerValue(caller, route);

        assertions.forget(caller.tokenId());

        assertThat(assertions.headerValue(caller, route)).isNotEqualTo(old);
    }

    @Test
    void anAssertionNeverOutlivesItsToken() throws Exception {
        IdentityAssertions assertions = assertions();
        AuthenticatedPrincipal caller = principal(record(Scope.CLIENT.bit(), 0, START.plusSeconds(20)));

        JWTClaimsSet claims = verified(assertions,
                assertions.headerValue(caller, assertions.target("r", null, Duration.ofSeconds(60), true)));

        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(START.plusSeconds(20));
    }

    @Test
    void aRouteWithoutBearerGetsTheBareJwt() throws Exception {
        IdentityAssertions assertions = assertions();

        String value = assertions.headerValue(principal(record(Scope.CLIENT.bit(), 0, null)),
                assertions.target("r", null, Duration.ofSeconds(60), false));

        assertThat(value).startsWith("ey").doesNotContain(" ");
    }

    @Test
    void lifetimesOutsideTwoSecondsToADayAreRefused() throws Exception {
        IdentityAssertions assertions = assertions();

        assertThatIllegalArgumentException()
            .isThrownBy(() -> assertions.target("r", null, Duration.ofSeconds(1), true));
        assertThatIllegalArgumentException().isThrownBy(() -> assertions.target("r", null, Duration.ofHours(25), true));
        assertThat(assertions.target("r", null, Duration.ofHours(24), true).ttlSeconds()).isEqualTo(86_400);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
