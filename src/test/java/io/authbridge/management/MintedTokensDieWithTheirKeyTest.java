package io.authbridge.management;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.authbridge.directory.Project;
import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token an API key minted through the SignalWire management API stops authenticating as soon as that key, or any
 * key above it in the chain that minted it, is disabled, deleted or expires, and works again when a disabled key is
 * enabled again (unless it or another key above it is still disabled); a token a user's login token minted is the
 * user's and outlives the session. Generated: random mint trees (depth 1 to 3, in a project and its subproject,
 * roots made by a login token or imported-style with or without an expiry), random disables, enables and deletes
 * through both dialects, then every token in every credential form on every kind of route, against the expected set,
 * right after the calls returned, with every token's record cached beforehand.
 */
class MintedTokensDieWithTheirKeyTest extends GatewayTestSupport {

    private static final String TOKENS = "/api/project/tokens";

    @Autowired
    private DatabaseClient db;

    private int refusedForTheirChain;

    /** One token of a tree, with what the test did to it. */
    private static final class Node {

        final Node parent;

        final UUID projectId;

        final UUID id;

        final String secret;

        final boolean management;

        final Instant expires;

        boolean disabled;

        boolean deleted;

        Node(Node parent, UUID projectId, UUID id, String secret, boolean management, Instant expires) {
            this.parent = parent;
            this.projectId = projectId;
            this.id = id;
            this.secret = secret;
            this.management = management;
            this.expires = expires;
        }

        boolean gone() {
            return deleted || parent != null && parent.gone();
        }

        /** Whether it authenticates: neither it nor a key above it disabled, deleted or expired. */
        boolean usable(Instant now) {
            return !deleted && !disabled && (expires == null || expires.isAfter(now)) && (parent == null || parent.usable(now));
        }

        String label() {
            return (parent == null ? "root" : parent.label() + ">child") + "(" + id + (disabled ? ",disabled" : "")
                    + (deleted ? ",deleted" : "") + (expires != null ? ",expiring" : "") + ")";
        }
    }

    @Test
    void aMintedTokenAuthenticatesExactlyWhileEveryKeyUpItsChainIsEnabledUndeletedAndUnexpired() throws Exception {
        long seed = Long.getLong("chain.seed", System.nanoTime());
        Random random = new Random(seed);
        String admin = adminToken();
        int checked = 0;
        this.refusedForTheirChain = 0;
        for (int round = 0; round < 4; round++) {
            Project project = newProject();
            Project subproject = newSubproject(project);
            List<Node> nodes = new ArrayList<>();
            // roots: made through a login token (SignalWire dialect), or straight in the store (as an import makes keys),
            // one of them expiring a few seconds from now, while the round goes on
            Instant expiry = Instant.now().plusSeconds(4 + random.nextInt(5));
            for (int r = 0; r < 3; r++) {
                if (r == 0) {
                    nodes.add(mint(null, basic(project.id(), admin), project.id(), null, true));
                }
                else {
                    Instant expires = r == 2 ? expiry : null;
                    IssuedToken key = tokens.issue(new NewToken(TokenKind.ACCESS, project.organizationId(), project.id(),
                            null, "root", null, Scope.CLIENT.bit(), Permission.MANAGEMENT.bit() | Permission.MESSAGING.bit(),
                            expires, null, NewToken.SecretStyle.SIGNALWIRE)).block();
                    nodes.add(new Node(null, project.id(), key.stored().id(), key.secret(), true, expires));
                }
            }
            // a key of the store that never expires: it mints at least one token, and is the first one disabled, so
            // that every round refuses tokens only because of a key above them, whatever the seed
            Node firstKey = nodes.get(1);
            // keys minting keys minting tokens, down to depth 3, some in the subproject
            for (int depth = 1; depth <= 3; depth++) {
                for (Node parent : List.copyOf(nodes)) {
                    if (!parent.management || depth(parent) != depth - 1) {
                        continue;
                    }
                    int children = parent == firstKey ? 1 + random.nextInt(2) : random.nextInt(3);
                    for (int c = 0; c < children; c++) {
                        boolean toSubproject = parent.projectId.equals(project.id()) && random.nextInt(3) == 0;
                        boolean management = depth < 3 && random.nextBoolean();
                        nodes.add(mint(parent, basic(parent.projectId, parent.secret), toSubproject ? subproject.id()
                                : parent.projectId, toSubproject ? subproject.id() : null, management));
                    }
                }
            }
            // every record cached: a revocation must reach the cache, not wait for it
            for (Node node : nodes) {
                checked += check(node, "before any revocation, seed " + seed);
            }
            // random revocations through both dialects, and enables of what was disabled
            for (int step = 0; step < 4; step++) {
                List<Node> present = nodes.stream().filter(node -> !node.gone()).toList();
                if (present.isEmpty()) {
                    break;
                }
                Node target = step == 0 ? firstKey : present.get(random.nextInt(present.size()));
                switch (step == 0 ? 0 : random.nextInt(5)) {
                    case 0, 1 -> {
                        target.disabled = !target.disabled;
                        Reply reply = httpPatch("/api/v2/tokens/" + target.id, bearer(admin),
                                Map.of("is_disabled", target.disabled));
                        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
                        // the view says whether it is refused as disabled: by itself or by a key up its chain
                        assertThat(reply.json().get("is_disabled").asBoolean()).as("is_disabled of " + target.label())
                            .isEqualTo(disabledUpTheChain(target));
                    }
                    case 2 -> {
                        target.deleted = true;
                        assertThat(httpDelete("/api/v2/tokens/" + target.id, bearer(admin)).status())
                            .isEqualTo(HttpStatus.ACCEPTED);
                    }
                    case 3 -> {
                        target.deleted = true;
                        assertThat(httpDelete(TOKENS + "/" + target.id, basic(target.projectId, admin)).status())
                            .isEqualTo(HttpStatus.NO_CONTENT);
                    }
                    default -> {
                        // deleted through the SignalWire dialect by the key that minted it
                        if (target.parent != null && !target.parent.gone() && !nearExpiry(target.parent)
                                && target.parent.usable(Instant.now())
                                && target.parent.projectId.equals(target.projectId)) {
                            target.deleted = true;
                            assertThat(httpDelete(TOKENS + "/" + target.id, basic(target.parent.projectId,
                                    target.parent.secret)).status()).isEqualTo(HttpStatus.NO_CONTENT);
                        }
                    }
                }
                for (Node node : nodes) {
                    checked += check(node, "after step " + step + ", seed " + seed);
                }
            }
            // the expiring root's tree expires with it
            if (round == 3) {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis() + 200));
                for (Node node : nodes) {
                    checked += check(node, "after the expiry, seed " + seed);
                }
            }
        }
        assertThat(checked).as("credential checks").isGreaterThan(500);
        // the generated trees and revocations did reach below the revoked keys
        assertThat(refusedForTheirChain).as("checks of tokens refused only because of a key above them").isPositive();
    }

    @Test
    void aTokenMintedThroughALoginTokenOutlivesTheLogout() {
        Project project = newProject();
        String session = adminToken();
        Node made = mint(null, basic(project.id(), session), project.id(), null, false);

        assertThat(httpGet("/api/v2/auth/logout", bearer(session)).status()).isEqualTo(HttpStatus.OK);

        assertThat(httpGet("/none/after-logout", bearer(made.secret)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/none/after-logout", bearer(session)).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aDisabledKeyMintsNothingEvenWhileItsRecordIsStillTrustedSomewhere() {
        Project project = newProject();
        String admin = adminToken();
        Node key = mint(null, basic(project.id(), admin), project.id(), null, true);
        assertThat(httpGet("/none/cached", bearer(key.secret)).status()).isEqualTo(HttpStatus.OK);
        // disabled in the store behind this instance's back (as another instance does before its notice arrives):
        // this instance's cache still trusts the key
        db.sql("UPDATE tokens SET is_disabled = TRUE WHERE id = :id").bind("id", key.id).then().block();
        assertThat(httpGet("/none/cached", bearer(key.secret)).status()).isEqualTo(HttpStatus.OK);

        Reply reply = httpPost(TOKENS, basic(project.id(), key.secret), Map.of("name", "late", "permissions",
                List.of("messaging")));

        assertThat(reply.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(tokens.listAccessTokensOfProject(project.id()).collectList().block())
            .noneMatch(token -> "late".equals(token.name()));
    }

    /** Whether the token's expiry is so close that a request may be judged on either side of it. */
    private static boolean nearExpiry(Node node) {
        return node.expires != null && Duration.between(Instant.now(), node.expires).abs().compareTo(Duration.ofSeconds(1)) < 0;
    }

    private static boolean disabledUpTheChain(Node node) {
        for (Node at = node; at != null; at = at.parent) {
            if (at.disabled) {
                return true;
            }
        }
        return false;
    }

    private static int depth(Node node) {
        return node.parent == null ? 0 : 1 + depth(node.parent);
    }

    /** A token minted through {@code POST /api/project/tokens} by {@code authorization} (a key or a login token). */
    private Node mint(Node parent, String authorization, UUID projectId, UUID subprojectId, boolean management) {
        List<String> permissions = management ? List.of("management", "messaging") : List.of("messaging");
        Map<String, Object> body = subprojectId == null ? Map.of("name", "minted", "permissions", permissions)
                : Map.of("name", "minted", "permissions", permissions, "subproject_id", subprojectId.toString());
        Reply reply = httpPost(TOKENS, authorization, body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        JsonNode json = reply.json();
        return new Node(parent, projectId, UUID.fromString(json.get("id").asString()), json.get("token").asString(),
                management, parent == null ? null : parent.expires);
    }

    /**
     * Every credential form of the token on a route of each kind (upstream credential kept, rewritten, dropped or
     * replaced by a signed assertion; the SignalWire management API for a key holding management): 200 while it is
     * usable, 401 otherwise, judged at each request (none within a second of the token's expiry). Answers the number
     * of requests made.
     */
    private int check(Node node, String when) {
        boolean usable;
        String secret = node.secret;
        String[][] requests = {
                { "/none/chain", bearer(secret) },
                { "/basic/chain", "Token " + secret },
                { "/unfiltered/chain", basic(node.projectId, secret) },
                { "/bearer/chain", basic("client", secret) },
                { "/preserve/chain", basic(secret, "x-oauth-basic") },
                { "/jwt/chain?access_token=" + secret, null },
                { "/basic/chain?api_key=" + secret, null },
                { "/bearer/chain?apikey=" + secret, null },
                { "/api/messaging/send", basic(node.projectId, secret) } };
        int made = 0;
        for (String[] request : requests) {
            if (nearExpiry(node)) {
                continue;
            }
            usable = node.usable(Instant.now());
            if (!usable && !node.deleted && !node.disabled && node.parent != null && node.expires == null) {
                refusedForTheirChain++;
            }
            HttpStatus status = httpGet(request[0], request[1]).status();
            assertThat(status).as(node.label() + " " + request[0].replace(secret, "***") + " "
                    + (request[1] == null ? "" : request[1].split(" ")[0]) + " " + when)
                .isEqualTo(usable ? HttpStatus.OK : HttpStatus.UNAUTHORIZED);
            made++;
        }
        if (node.management && !nearExpiry(node)) {
            usable = node.usable(Instant.now());
            assertThat(httpGet(TOKENS, basic(node.projectId, secret)).status()).as(node.label() + " management API " + when)
                .isEqualTo(usable ? HttpStatus.OK : HttpStatus.UNAUTHORIZED);
            made++;
        }
        return made;
    }
}
