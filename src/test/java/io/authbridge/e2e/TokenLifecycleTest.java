package io.authbridge.e2e;

import java.time.Instant;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenChange;
import org.junit.jupiter.api.Test;

/**
 * A change to a token takes effect on the very next request, although the previous one put the record
 * in the cache; a record never outlives its own expiry.
 */
class TokenLifecycleTest extends GatewayTestSupport {

    private void assertAccepted(String authorization) {
        client.get().uri("/unfiltered/x").header("Authorization", authorization).exchange().expectStatus().isOk();
    }

    private void assertRejected(String authorization) {
        client.get().uri("/unfiltered/x").header("Authorization", authorization).exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo("{\"error\":\"Unauthorized\"}");
    }

    @Test
    void disabledTokenIsRejectedOnTheVeryNextRequest() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        assertAccepted(bearer(token));

        StoredToken stored = token.stored();
        tokens.update(stored.id(), TokenChange.disable(true))
            .block();

        assertRejected(bearer(token));
        assertRejected(basic(project, token));
    }

    @Test
    void reEnabledTokenIsAcceptedOnTheVeryNextRequest() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        StoredToken stored = token.stored();
        tokens.update(stored.id(), TokenChange.disable(true))
            .block();
        assertRejected(bearer(token));

        tokens.update(stored.id(), TokenChange.disable(false))
            .block();

        assertAccepted(bearer(token));
    }

    @Test
    void deletedTokenIsRejectedOnTheVeryNextRequest() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.CALLING);
        assertAccepted(basic(project, token));

        tokens.delete(token.stored()).block();

        assertRejected(basic(project, token));
    }

    @Test
    void removedPermissionIsEnforcedOnTheVeryNextRequest() {
        Project project = newProject();
        IssuedToken token = permissionToken(project, Permission.VIDEO);
        client.get().uri("/sw/media/rooms").header("Authorization", basic(project, token)).exchange()
            .expectStatus().isOk();

        StoredToken stored = token.stored();
        tokens.update(stored.id(), TokenChange.none().withPermissions(Permission.CHAT.bit())).block();

        client.get().uri("/sw/media/rooms").header("Authorization", basic(project, token)).exchange()
            .expectStatus().isUnauthorized()
            .expectBody(String.class).isEqualTo("{\"error\":\"Unauthorized\"}");
    }

    @Test
    void expiredTokenIsRejected() {
        Project project = newProject();
        IssuedToken token = issue(project, Scope.CLIENT.bit(), 0, Instant.now().minusSeconds(1),
                NewToken.SecretStyle.EXCEPTIONLESS);

        assertRejected(bearer(token));
    }

    @Test
    void tokenIsRejectedOnceItExpiresAlthoughItWasCached() throws InterruptedException {
        Project project = newProject();
        Instant expiry = Instant.now().plusMillis(1500);
        IssuedToken token = issue(project, Scope.CLIENT.bit(), 0, expiry, NewToken.SecretStyle.EXCEPTIONLESS);
        assertAccepted(bearer(token));

        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 100);

        assertRejected(bearer(token));
    }
}
