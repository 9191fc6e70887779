package io.authbridge.token;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The token store over R2DBC (H2 embedded or PostgreSQL). A login token's record carries its user's
 * organizations and admin flag, read in a second query, so that authorization needs no further reads.
 */
final class R2dbcTokenStore implements TokenStore {

    private static final String FIND_BY_HASH = """
            SELECT t.id, t.kind, t.organization_id, t.project_id, t.user_id, t.scopes, t.permissions,
                   t.is_disabled, t.is_minter_disabled, t.expires_utc, u.is_global_admin, u.is_active
            FROM tokens t LEFT JOIN users u ON u.id = t.user_id
            WHERE t.secret_hash = :hash""";

    private static final String USER_ORGANIZATIONS = "SELECT organization_id FROM organization_users WHERE user_id = :user";

    private static final String FIND_PROJECT = "SELECT id, organization_id, parent_project_id FROM projects WHERE id = :id";

    private final DatabaseClient db;

    private final Duration timeout;

    R2dbcTokenStore(DatabaseClient db, Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    @Override
    public Mono<TokenRecord> findByHash(String secretHash) {
        Mono<TokenRecord> token = db.sql(FIND_BY_HASH).bind("hash", secretHash).map((row, meta) -> {
            OffsetDateTime expires = row.get("expires_utc", OffsetDateTime.class);
            Boolean admin = row.get("is_global_admin", Boolean.class);
            Boolean active = row.get("is_active", Boolean.class);
            return new TokenRecord(row.get("id", UUID.class), TokenKind.valueOf(row.get("kind", String.class)),
                    row.get("organization_id", UUID.class), row.get("project_id", UUID.class),
                    row.get("user_id", UUID.class), Scope.parseMask(row.get("scopes", String.class)),
                    Permission.parseMask(row.get("permissions", String.class)),
                    // disabled itself, or a key up the chain that minted it is (written there with the change)
                    Boolean.TRUE.equals(row.get("is_disabled", Boolean.class))
                            || Boolean.TRUE.equals(row.get("is_minter_disabled", Boolean.class)),
                    expires == null ? null : expires.toInstant(), Set.of(), Boolean.TRUE.equals(admin),
                    active == null || active);
        }).one();
        return guarded(token.flatMap(this::withUserOrganizations));
    }

    private Mono<TokenRecord> withUserOrganizations(TokenRecord token) {
        if (token.userId() == null) {
            return Mono.just(token);
        }
        return db.sql(USER_ORGANIZATIONS).bind("user", token.userId())
            .map((row, meta) -> row.get("organization_id", UUID.class))
            .all()
            .collect(HashSet<UUID>::new, Set::add)
            .map(organizations -> new TokenRecord(token.id(), token.kind(), token.organizationId(), token.projectId(),
                    token.userId(), token.scopes(), token.permissions(), token.disabled(), token.expiresAt(),
                    organizations, token.userGlobalAdmin(), token.userActive()));
    }

    @Override
    public Mono<ProjectRecord> findProject(UUID projectId) {
        return guarded(db.sql(FIND_PROJECT).bind("id", projectId)
            .map((row, meta) -> new ProjectRecord(row.get("id", UUID.class), row.get("organization_id", UUID.class),
                    row.get("parent_project_id", UUID.class)))
            .one());
    }

    private <T> Mono<T> guarded(Mono<T> query) {
        return StoreFailures.guard(query, timeout);
    }
}
