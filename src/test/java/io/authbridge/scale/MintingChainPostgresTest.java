package io.authbridge.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.authbridge.token.IssuedToken;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenChange;
import io.authbridge.token.TokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two AuthBridge instances on one PostgreSQL database: random mint trees (keys minting keys minting tokens through
 * the SignalWire management API of either instance), random disables, enables and deletes on either instance; every
 * token in every credential form is refused or accepted as expected by the instance that made the change as soon as
 * the change returned, and by the other within the invalidation's delay. Every round disables, first, a key with
 * a token below it, so that the tokens refused only because of a key above them are checked in every run.
 */
class MintingChainPostgresTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * How long the other instance may take to hear of a change (polled, so it costs nothing when the notice is quick):
     * the measured worst case is under 0.2 s, but a full build on two shared cores stalls it longer; far below the
     * cache's own expiry (5 min), so a pass still needs the notice.
     */
    private static final Duration OTHER_INSTANCE = Duration.ofSeconds(5);

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances((properties, upstream) ->
            properties.putAll(GatewayInstance.route(0, "api", "/api/thing", upstream, "signalwire")));

    /** One token of a tree. */
    private record Node(Node parent, UUID projectId, UUID id, String secret, boolean management, boolean[] state) {

        // state[0]: disabled, state[1]: deleted
        boolean usable() {
            return !state[0] && !state[1] && (parent == null || parent.usable());
        }

        boolean gone() {
            return state[1] || parent != null && parent.gone();
        }
    }

    @Test
    void aChangeToAMintingKeyReachesEveryTokenBelowItOnBothInstances() {
        long seed = Long.getLong("chain.seed", System.nanoTime());
        Random random = new Random(seed);
        int refusedForTheirChain = 0;
        for (int round = 0; round < 3; round++) {
            IssuedToken rootKey = instances.a().newProjectKey();
            Node root = new Node(null, rootKey.stored().projectId(), rootKey.stored().id(), rootKey.secret(), true,
                    new boolean[2]);
            List<Node> nodes = new ArrayList<>(List.of(root));
            for (int depth = 1; depth <= 3; depth++) {
                for (Node parent : List.copyOf(nodes)) {
                    if (parent.management() && depth(parent) == depth - 1) {
                        for (int c = 1 + random.nextInt(2); c > 0; c--) {
                            GatewayInstance minter = random.nextBoolean() ? instances.a() : instances.b();
                            nodes.add(mint(minter, parent, depth < 3 && random.nextBoolean()));
                        }
                    }
                }
            }
            // both instances trust every record from their caches
            expect(nodes, instances.a(), Duration.ZERO, "before, seed " + seed);
            expect(nodes, instances.b(), Duration.ZERO, "before, seed " + seed);
            for (int step = 0; step < 4; step++) {
                List<Node> present = nodes.stream().filter(node -> !node.gone()).toList();
                if (present.isEmpty()) {
                    break;
                }
                // each round's first step disables a key with a token below it, so that every round checks tokens
                // refused only because of a key above them; the random steps alone made none in about 1 run in 160
                List<Node> keysAbove = present.stream()
                    .filter(node -> !node.state()[0] && present.stream().anyMatch(below -> below.parent() == node))
                    .toList();
                boolean disableAKey = step == 0 && !keysAbove.isEmpty();
                Node target = disableAKey ? keysAbove.get(random.nextInt(keysAbove.size()))
                        : present.get(random.nextInt(present.size()));
                GatewayInstance changer = random.nextBoolean() ? instances.a() : instances.b();
                GatewayInstance other = instances.other(changer);
                TokenService service = changer.bean(TokenService.class);
                StoredToken stored = service.findById(target.id()).block(Duration.ofSeconds(5));
                if (!disableAKey && random.nextInt(3) == 0) {
                    target.state()[1] = true;
                    service.delete(stored).block(Duration.ofSeconds(5));
                }
                else {
                    target.state()[0] = !target.state()[0];
                    service.update(stored.id(), TokenChange.disable(target.state()[0])).block(Duration.ofSeconds(5));
                }
                String when = "after step " + step + " of round " + round + ", seed " + seed;
                refusedForTheirChain += (int) nodes.stream()
                    .filter(node -> !node.usable() && !node.state()[0] && !node.state()[1])
                    .count();
                expect(nodes, changer, Duration.ZERO, when + " on the instance that made it");
                expect(nodes, other, OTHER_INSTANCE, when + " on the other instance");
            }
        }
        assertThat(refusedForTheirChain).as("tokens refused only because of a key above them").isPositive();
    }

    private static int depth(Node node) {
        return node.parent() == null ? 0 : 1 + depth(node.parent());
    }

    private Node mint(GatewayInstance instance, Node parent, boolean management) {
        String body = instance.client().post().uri("/api/project/tokens")
            .header("Authorization", basic(parent.projectId(), parent.secret()))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\":\"minted\",\"permissions\":[" + (management ? "\"management\",\"messaging\"" : "\"messaging\"")
                    + "]}")
            .exchange()
            .expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();
        JsonNode json = JSON.readTree(body);
        return new Node(parent, parent.projectId(), UUID.fromString(json.get("id").asString()), json.get("token").asString(),
                management, new boolean[2]);
    }

    /** Every node in every credential form answers as expected on {@code instance}, at once or within {@code within}. */
    private static void expect(List<Node> nodes, GatewayInstance instance, Duration within, String when) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<String> wrong = new ArrayList<>();
            for (Node node : nodes) {
                int expected = node.usable() ? 200 : 401;
                String[][] forms = { { "/api/thing/x", "Bearer " + node.secret() },
                        { "/api/thing/x", basic(node.projectId(), node.secret()) },
                        { "/api/thing/x?access_token=" + node.secret(), null } };
                for (String[] form : forms) {
                    var request = instance.client().get().uri(form[0]);
                    if (form[1] != null) {
                        request.header("Authorization", form[1]);
                    }
                    int status = request.exchange().returnResult(String.class).getStatus().value();
                    if (status != expected) {
                        wrong.add(node.id() + " (depth " + depth(node) + ") " + (form[1] == null ? "query" : form[1].split(" ")[0])
                                + ": " + status + " instead of " + expected);
                    }
                }
            }
            if (wrong.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(when + ": " + wrong);
            }
            MultiInstancePostgresTest.sleep(20);
        }
    }

    private static String basic(UUID projectId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((projectId + ":" + secret).getBytes());
    }
}
