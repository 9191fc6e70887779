package io.authbridge.management;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.authbridge.token.Permission;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenService;
import io.authbridge.token.TokenServiceHooks;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two changes to tokens of one minting chain, through the management APIs from two threads, forced into the
 * interleaving that lost updates ({@link Interleaving}): each request reads its token before the other's change
 * commits. Whichever goes first, the tokens must end with both changes, and authenticate exactly while neither they
 * nor a key above them is disabled. Used on H2 ({@code ConcurrentTokenChangesTest}) and on PostgreSQL
 * ({@code ConcurrentTokenChangesPostgresTest}).
 */
public final class ConcurrentTokenChanges {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The changes a request makes to one token, each through the dialect that offers it. */
    public enum Kind {
        /** SignalWire {@code PATCH /api/project/tokens/{id}} {@code {"name":...}}. */
        NAME,
        /** SignalWire {@code PATCH /api/project/tokens/{id}} {@code {"permissions":[...]}}. */
        PERMISSIONS,
        /** Exceptionless {@code PATCH /api/v2/tokens/{id}} {@code {"notes":...}}. */
        NOTES,
        /** Exceptionless {@code PATCH /api/v2/tokens/{id}} {@code {"is_disabled":true}} of an enabled token. */
        DISABLE,
        /** Exceptionless {@code PATCH /api/v2/tokens/{id}} {@code {"is_disabled":false}} of a disabled token. */
        ENABLE;

        /** Whether two changes of these kinds to one token write the same field (so one of them must win). */
        boolean clashesWith(Kind other) {
            return this == other || (this == DISABLE || this == ENABLE) && (other == DISABLE || other == ENABLE);
        }
    }

    /** What a connection of the test's own to the store is, and how to see requests waiting on its lock. */
    public interface Store {

        Connection connect() throws SQLException;

        /** A query answering how many sessions wait on a row lock of the tokens. */
        String waitingOnALock();
    }

    /**
     * How two requests are made to read their tokens before either change commits: {@code first} is sent, and
     * {@code second} once {@code first} has read its token; the first change commits after the second has read.
     * Answers both replies.
     */
    @FunctionalInterface
    public interface Interleaving {

        List<EntityExchangeResult<byte[]>> force(UUID chainRoot, Callable<EntityExchangeResult<byte[]>> first,
                Callable<EntityExchangeResult<byte[]>> second, ExecutorService threads, String what) throws Exception;
    }

    /**
     * A connection of the test's own holds the lock of the chain's first key: the first request is sent and waits on
     * it, then the second is sent and waits too; then the lock is released, and whichever goes first, the other read
     * before it committed. As {@code psql} held it in the report of a disable undone by a rename (PostgreSQL).
     */
    public static Interleaving lockHeldBy(Store store) {
        return (chainRoot, first, second, threads, what) -> {
            Future<EntityExchangeResult<byte[]>> firstReply;
            Future<EntityExchangeResult<byte[]>> secondReply;
            // the sessions waiting are seen from a connection of its own: PostgreSQL shows a transaction one snapshot
            try (Connection lock = store.connect(); Connection monitor = store.connect()) {
                lock.setAutoCommit(false);
                try (PreparedStatement select = lock.prepareStatement("SELECT id FROM tokens WHERE id = ? FOR UPDATE")) {
                    select.setObject(1, chainRoot);
                    select.executeQuery().close();
                }
                int waitingBefore = waiting(store, monitor);
                firstReply = threads.submit(first);
                awaitWaiting(store, monitor, waitingBefore + 1, what + ": the first request");
                secondReply = threads.submit(second);
                awaitWaiting(store, monitor, waitingBefore + 2, what + ": the second request");
                lock.commit();
            }
            return List.of(firstReply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                    secondReply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        };
    }

    /**
     * The first request is held after it read its token, before it takes the chain's lock, until the second one has
     * answered: where a lock the test held would block the threads that serve the requests (H2's driver waits on a
     * lock in the thread that asked).
     */
    public static Interleaving heldBeforeTheLock(TokenService service) {
        return (chainRoot, first, second, threads, what) -> {
            CountDownLatch held = new CountDownLatch(1);
            Sinks.Empty<Void> release = Sinks.empty();
            AtomicBoolean taken = new AtomicBoolean();
            TokenServiceHooks.beforeLock(service, id -> taken.compareAndSet(false, true)
                    ? Mono.fromRunnable(held::countDown).then(release.asMono()) : Mono.empty());
            try {
                Future<EntityExchangeResult<byte[]>> firstReply = threads.submit(first);
                if (!held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new AssertionError(what + ": the first request never reached the lock of its chain");
                }
                EntityExchangeResult<byte[]> secondReply = threads.submit(second).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                release.tryEmitEmpty();
                return List.of(firstReply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), secondReply);
            }
            finally {
                release.tryEmitEmpty();
                TokenServiceHooks.beforeLock(service, id -> Mono.empty());
            }
        };
    }

    /** What the tokens of one chain hold, as the test changed them: a model of the expected rows. */
    private static final class Expected {

        final UUID id;

        final UUID parent;

        final String secret;

        String name;

        String notes;

        int permissions;

        boolean disabled;

        Expected(UUID id, UUID parent, String secret, String name, int permissions) {
            this.id = id;
            this.parent = parent;
            this.secret = secret;
            this.name = name;
            this.permissions = permissions;
        }
    }

    private final WebTestClient client;

    private final TokenService tokens;

    private final Interleaving interleaving;

    private final String admin;

    private final UUID projectId;

    private final String authenticatedPath;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    private int counter;

    /**
     * @param admin a global administrator's login token
     * @param projectId a project to mint the chains in
     * @param authenticatedPath a route any enabled token of the project passes (200) and a disabled one does not (401)
     */
    public ConcurrentTokenChanges(WebTestClient client, TokenService tokens, Interleaving interleaving, String admin, UUID projectId,
            String authenticatedPath) {
        this.client = client;
        this.tokens = tokens;
        this.interleaving = interleaving;
        this.admin = admin;
        this.projectId = projectId;
        this.authenticatedPath = authenticatedPath;
    }

    /**
     * Every pair of kinds of change that write different fields, on one token of a chain, and every pair of kinds on
     * two different tokens of a chain (drawn from {@code seed}), each in both orders. Answers the number of cases run.
     */
    public int runAllPairs(long seed) throws Exception {
        Random random = new Random(seed);
        int cases = 0;
        try {
            warmUp();
            for (Kind first : Kind.values()) {
                for (Kind second : Kind.values()) {
                    if (!first.clashesWith(second)) {
                        int member = random.nextInt(3);
                        run(first, member, second, member, "seed " + seed);
                        cases++;
                    }
                    int one = random.nextInt(3);
                    int other = (one + 1 + random.nextInt(2)) % 3;
                    run(first, one, second, other, "seed " + seed);
                    cases++;
                }
            }
        }
        finally {
            threads.shutdownNow();
        }
        return cases;
    }

    /**
     * Every kind of change once, one after the other: a request waits on the lock for as long as the next one takes
     * to reach it, which must stay well inside the store's timeout even for the first requests of a cold JVM.
     */
    private void warmUp() {
        for (Kind kind : Kind.values()) {
            Expected token = mintChain().get(2);
            if (kind == Kind.ENABLE) {
                send(Kind.DISABLE, token);
            }
            assertThat(send(kind, token).getStatus().is2xxSuccessful()).as("warming up with " + kind).isTrue();
        }
    }

    /**
     * On a new chain k0 → k1 → k2 (k0 minted by the login token, k1 by k0, k2 by k1): change {@code first} on member
     * {@code firstMember} and {@code second} on member {@code secondMember}, the first request reading before the
     * second, and the second reading before the first commits.
     */
    void run(Kind first, int firstMember, Kind second, int secondMember, String seed) throws Exception {
        List<Expected> chain = mintChain();
        Expected firstToken = chain.get(firstMember);
        Expected secondToken = chain.get(secondMember);
        // a token to enable is disabled first, with nothing else going on
        for (var prepared : List.of(Map.entry(first, firstToken), Map.entry(second, secondToken))) {
            if (prepared.getKey() == Kind.ENABLE && !prepared.getValue().disabled) {
                assertThat(send(Kind.DISABLE, prepared.getValue()).getStatus().is2xxSuccessful()).isTrue();
                prepared.getValue().disabled = true;
            }
        }
        String what = first + " of k" + firstMember + " while " + second + " of k" + secondMember + " (" + seed + ")";
        List<EntityExchangeResult<byte[]>> replies = interleaving.force(chain.get(0).id, () -> send(first, firstToken),
                () -> send(second, secondToken), threads, what);
        for (EntityExchangeResult<byte[]> result : replies) {
            assertThat(result.getStatus().is2xxSuccessful())
                .as(what + ": " + new String(Objects.requireNonNullElse(result.getResponseBody(), new byte[0]),
                        StandardCharsets.UTF_8))
                .isTrue();
        }
        apply(first, firstToken);
        apply(second, secondToken);
        expect(chain, what);
    }

    private List<Expected> mintChain() {
        int n = ++counter;
        List<Expected> chain = new ArrayList<>();
        chain.add(mint(null, basic(admin), "k0-" + n, Permission.MANAGEMENT.bit() | Permission.MESSAGING.bit()));
        chain.add(mint(chain.get(0), basic(chain.get(0).secret), "k1-" + n,
                Permission.MANAGEMENT.bit() | Permission.MESSAGING.bit()));
        chain.add(mint(chain.get(1), basic(chain.get(1).secret), "k2-" + n, Permission.MESSAGING.bit()));
        return chain;
    }

    private Expected mint(Expected parent, String authorization, String name, int permissions) {
        EntityExchangeResult<byte[]> result = exchange(HttpMethod.POST, "/api/project/tokens", authorization,
                Map.of("name", name, "permissions", wireNames(permissions)));
        assertThat(result.getStatus().value()).as("minting " + name).isEqualTo(200);
        JsonNode json = JSON.readTree(result.getResponseBody());
        return new Expected(UUID.fromString(json.get("id").asString()), parent == null ? null : parent.id,
                json.get("token").asString(), name, permissions);
    }

    private EntityExchangeResult<byte[]> send(Kind kind, Expected token) {
        return switch (kind) {
            case NAME -> exchange(HttpMethod.PATCH, "/api/project/tokens/" + token.id, basic(admin),
                    Map.of("name", token.name + " renamed"));
            case PERMISSIONS -> exchange(HttpMethod.PATCH, "/api/project/tokens/" + token.id, basic(admin),
                    Map.of("permissions", wireNames(token.permissions | Permission.CALLING.bit())));
            case NOTES -> exchange(HttpMethod.PATCH, "/api/v2/tokens/" + token.id, "Bearer " + admin,
                    Map.of("notes", "noted"));
            case DISABLE -> exchange(HttpMethod.PATCH, "/api/v2/tokens/" + token.id, "Bearer " + admin,
                    Map.of("is_disabled", true));
            case ENABLE -> exchange(HttpMethod.PATCH, "/api/v2/tokens/" + token.id, "Bearer " + admin,
                    Map.of("is_disabled", false));
        };
    }

    /** The change {@link #send} asked for, in the model. */
    private static void apply(Kind kind, Expected token) {
        switch (kind) {
            case NAME -> token.name = token.name + " renamed";
            case PERMISSIONS -> token.permissions |= Permission.CALLING.bit();
            case NOTES -> token.notes = "noted";
            case DISABLE -> token.disabled = true;
            case ENABLE -> token.disabled = false;
        }
    }

    /** Every token of the chain holds what the model says, and authenticates exactly when nothing disables it. */
    private void expect(List<Expected> chain, String what) {
        Map<UUID, Boolean> refused = new HashMap<>();
        for (Expected token : chain) {
            boolean minterDisabled = token.parent != null && refused.get(token.parent);
            refused.put(token.id, token.disabled || minterDisabled);
            StoredToken stored = tokens.findById(token.id).block(PATIENCE);
            assertThat(stored).as(what).isNotNull();
            assertThat(stored.name()).as(what + ": name of " + token.name).isEqualTo(token.name);
            assertThat(stored.notes()).as(what + ": notes of " + token.name).isEqualTo(token.notes);
            assertThat(stored.permissions()).as(what + ": permissions of " + token.name).isEqualTo(token.permissions);
            assertThat(stored.disabled()).as(what + ": is " + token.name + " disabled").isEqualTo(token.disabled);
            assertThat(stored.minterDisabled()).as(what + ": is a key above " + token.name + " disabled")
                .isEqualTo(minterDisabled);
            int status = exchange(HttpMethod.GET, authenticatedPath, "Bearer " + token.secret, null).getStatus().value();
            assertThat(status).as(what + ": " + token.name + " authenticates").isEqualTo(refused.get(token.id) ? 401 : 200);
        }
    }

    private static int waiting(Store store, Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(store.waitingOnALock());
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void awaitWaiting(Store store, Connection connection, int sessions, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (waiting(store, connection) < sessions) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " never waited on the lock of its chain");
            }
            Thread.sleep(5);
        }
    }

    private EntityExchangeResult<byte[]> exchange(HttpMethod method, String uri, String authorization, Object body) {
        var spec = client.method(method).uri(uri).header(HttpHeaders.AUTHORIZATION, authorization);
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(body));
        return ready.exchange().expectBody().returnResult();
    }

    private String basic(String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((projectId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> wireNames(int permissions) {
        List<String> names = new ArrayList<>();
        for (Permission permission : Permission.values()) {
            if (permission.in(permissions)) {
                names.add(permission.wireName());
            }
        }
        return names;
    }
}
