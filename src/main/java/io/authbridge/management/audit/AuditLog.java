package io.authbridge.management.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.authbridge.management.Caller;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.store.Binds;
import io.authbridge.store.Rows;
import io.authbridge.token.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who changed what, when, from where: every create, change and delete of a token, project, organization or
 * user, and every failed login. Entries name tokens by their public id; no secret is ever recorded.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final DatabaseClient db;

    private final Duration timeout;

    private final Clock clock;

    AuditLog(DatabaseClient db, Duration timeout, Clock clock) {
        this.db = db;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * One recorded action.
     *
     * @param id sequence number
     * @param occurredUtc when
     * @param actorUserId the user who acted, or null
     * @param actorTokenId the token the actor used, or null
     * @param action e.g. {@code token.create}, {@code login.failed}
     * @param targetType {@code token}, {@code project}, {@code organization} or {@code user}
     * @param targetId public id of the target, or null
     * @param clientIp the address the request came from
     * @param details a short description without secrets, or null
     */
    public record Entry(long id, Instant occurredUtc, UUID actorUserId, UUID actorTokenId, String action,
            String targetType, String targetId, String clientIp, String details) {
    }

    /** Records what {@code caller} did. */
    public Mono<Void> record(Caller caller, String action, String targetType, Object targetId, String details) {
        return record(caller.userId(), caller.tokenId(), action, targetType, targetId, caller.clientIp(), details);
    }

    public Mono<Void> record(UUID actorUserId, UUID actorTokenId, String action, String targetType, Object targetId,
            String clientIp, String details) {
        var spec = db.sql("INSERT INTO audit_log (occurred_utc, actor_user_id, actor_token_id, action, target_type, "
                + "target_id, client_ip, details) VALUES (:at, :user, :token, :action, :type, :target, :ip, :details)")
            .bind("at", Rows.utc(clock.instant()));
        spec = Binds.nullable(spec, "user", actorUserId, UUID.class);
        spec = Binds.nullable(spec, "token", actorTokenId, UUID.class);
        spec = spec.bind("action", action).bind("type", targetType);
        spec = Binds.nullable(spec, "target", targetId == null ? null : targetId.toString(), String.class);
        spec = Binds.nullable(spec, "ip", clientIp, String.class);
        spec = Binds.nullable(spec, "details", truncate(details), String.class);
        return StoreFailures.guard(spec.then(), timeout)
            .doOnSuccess(ignored -> log.info("audit {} {} {} by user {} token {} from {}", action, targetType, targetId,
                    actorUserId, actorTokenId, clientIp));
    }

    /** One target of a {@link #recordAll batch}: its public id and a short description without secrets. */
    public record Target(Object id, String details) {
    }

    /**
     * Records that {@code caller} did {@code action} to each target (an import's batch of tokens), in one
     * statement, with one log line for the batch.
     */
    public Mono<Void> recordAll(Caller caller, String action, String targetType, List<Target> targets) {
        if (targets.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO audit_log (occurred_utc, actor_user_id, actor_token_id, "
                + "action, target_type, target_id, client_ip, details) VALUES ");
        for (int i = 0; i < targets.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:at, :user, :token, :action, :type, :target")
                .append(i).append(", :ip, :details").append(i).append(')');
        }
        // one map bound at once: binding thousands of values one by one copies the bindings each time
        Map<String, Object> values = new HashMap<>();
        values.put("at", Rows.utc(clock.instant()));
        values.put("user", Parameter.fromOrEmpty(caller.userId(), UUID.class));
        values.put("token", Parameter.fromOrEmpty(caller.tokenId(), UUID.class));
        values.put("action", action);
        values.put("type", targetType);
        values.put("ip", Parameter.fromOrEmpty(caller.clientIp(), String.class));
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            values.put("target" + i, Parameter.fromOrEmpty(target.id() == null ? null : target.id().toString(), String.class));
            values.put("details" + i, Parameter.fromOrEmpty(truncate(target.details()), String.class));
        }
        var spec = db.sql(sql.toString()).bindValues(values);
        return StoreFailures.guard(spec.then(), timeout)
            .doOnSuccess(ignored -> log.info("audit {} {} x{} by user {} token {} from {}", action, targetType,
                    targets.size(), caller.userId(), caller.tokenId(), caller.clientIp()));
    }

    /** The newest entries first, for a global administrator. */
    public Flux<Entry> read(Caller caller, int limit, long offset) {
        return Access.require(caller, Operation.READ_AUDIT_LOG).thenMany(list(limit, offset));
    }

    private Flux<Entry> list(int limit, long offset) {
        return StoreFailures.guard(db.sql("SELECT id, occurred_utc, actor_user_id, actor_token_id, action, target_type, "
                + "target_id, client_ip, details FROM audit_log ORDER BY id DESC LIMIT :limit OFFSET :offset")
            .bind("limit", limit)
            .bind("offset", offset)
            .map(row -> new Entry(row.get("id", Long.class), Rows.instant(row, "occurred_utc"),
                    row.get("actor_user_id", UUID.class), row.get("actor_token_id", UUID.class),
                    row.get("action", String.class), row.get("target_type", String.class),
                    row.get("target_id", String.class), row.get("client_ip", String.class),
                    row.get("details", String.class)))
            .all(), timeout);
    }

    private static String truncate(String details) {
        return details == null || details.length() <= 2000 ? details : details.substring(0, 2000);
    }
}
