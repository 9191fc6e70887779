package io.authbridge.token;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.authbridge.store.Binds;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import static io.authbridge.store.Rows.instant;
import static io.authbridge.store.Rows.utc;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Token rows for management: insert, find, list, change, delete. Callers go through {@link TokenService}. */
final class TokenRepository {

    private static final String COLUMNS = "id, secret_hash, kind, organization_id, project_id, user_id, name, notes, "
            + "scopes, permissions, is_disabled, expires_utc, created_by, created_utc, updated_utc, last_used_utc, minted_by, "
            + "is_minter_disabled";

    /** The root of a token's minting chain: the key no key minted at its top (the token itself when none did). */
    private static final String CHAIN_ROOT = """
            WITH RECURSIVE chain (id, minted_by, depth) AS (
                SELECT id, minted_by, 0 FROM tokens WHERE id = :id
                UNION ALL
                SELECT t.id, t.minted_by, c.depth + 1 FROM tokens t JOIN chain c ON t.id = c.minted_by)
            SELECT id FROM chain ORDER BY depth DESC LIMIT 1""";

    /** A token and every token minted below it, parents before their children. */
    private static final String MINTED_TREE = """
            WITH RECURSIVE tree (id, depth) AS (
                SELECT id, 0 FROM tokens WHERE id = :id
                UNION ALL
                SELECT t.id, tree.depth + 1 FROM tokens t JOIN tree ON t.minted_by = tree.id)
            SELECT t.id, t.minted_by, t.secret_hash, t.is_disabled, t.is_minter_disabled
            FROM tree JOIN tokens t ON t.id = tree.id ORDER BY tree.depth, t.id""";

    private final DatabaseClient db;

    private final Duration timeout;

    TokenRepository(DatabaseClient db, Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    Mono<StoredToken> insert(StoredToken token) {
        var spec = db.sql("INSERT INTO tokens (" + COLUMNS + ") VALUES (:id, :hash, :kind, :org, :project, :user, :name, "
                + ":notes, :scopes, :permissions, :disabled, :expires, :createdBy, :created, :updated, :lastUsed, :mintedBy, "
                + ":minterDisabled)")
            .bind("id", token.id())
            .bind("hash", token.secretHash())
            .bind("kind", token.kind().name());
        spec = Binds.nullable(spec, "org", token.organizationId(), UUID.class);
        spec = Binds.nullable(spec, "project", token.projectId(), UUID.class);
        spec = Binds.nullable(spec, "user", token.userId(), UUID.class);
        spec = Binds.nullable(spec, "name", token.name(), String.class);
        spec = Binds.nullable(spec, "notes", token.notes(), String.class);
        spec = spec.bind("scopes", Scope.format(token.scopes()))
            .bind("permissions", Permission.format(token.permissions()))
            .bind("disabled", token.disabled());
        spec = Binds.nullable(spec, "expires", utc(token.expiresUtc()), OffsetDateTime.class);
        spec = Binds.nullable(spec, "createdBy", token.createdBy(), UUID.class);
        spec = spec.bind("created", utc(token.createdUtc())).bind("updated", utc(token.updatedUtc()));
        spec = Binds.nullable(spec, "lastUsed", utc(token.lastUsedUtc()), OffsetDateTime.class);
        spec = Binds.nullable(spec, "mintedBy", token.mintedBy(), UUID.class);
        spec = spec.bind("minterDisabled", token.minterDisabled());
        return guard(spec.then().thenReturn(token));
    }

    /**
     * Inserts every token in one statement, so that an import of thousands of rows costs one round trip per batch
     * rather than one per row; fails as a whole (nothing inserted) when any row violates a constraint.
     */
    Mono<Void> insertAll(List<StoredToken> tokens) {
        if (tokens.isEmpty()) {
            return Mono.empty();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO tokens (" + COLUMNS + ") VALUES ");
        for (int i = 0; i < tokens.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(("(:id%1$d, :hash%1$d, :kind%1$d, :org%1$d, :project%1$d, :user%1$d, "
                    + ":name%1$d, :notes%1$d, :scopes%1$d, :permissions%1$d, :disabled%1$d, :expires%1$d, "
                    + ":createdBy%1$d, :created%1$d, :updated%1$d, :lastUsed%1$d, :mintedBy%1$d, :minterDisabled%1$d)").formatted(i));
        }
        // one map bound at once: binding thousands of values one by one copies the bindings each time
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            StoredToken token = tokens.get(i);
            values.put("id" + i, token.id());
            values.put("hash" + i, token.secretHash());
            values.put("kind" + i, token.kind().name());
            values.put("org" + i, Parameter.fromOrEmpty(token.organizationId(), UUID.class));
            values.put("project" + i, Parameter.fromOrEmpty(token.projectId(), UUID.class));
            values.put("user" + i, Parameter.fromOrEmpty(token.userId(), UUID.class));
            values.put("name" + i, Parameter.fromOrEmpty(token.name(), String.class));
            values.put("notes" + i, Parameter.fromOrEmpty(token.notes(), String.class));
            values.put("scopes" + i, Scope.format(token.scopes()));
            values.put("permissions" + i, Permission.format(token.permissions()));
            values.put("disabled" + i, token.disabled());
            values.put("expires" + i, Parameter.fromOrEmpty(utc(token.expiresUtc()), OffsetDateTime.class));
            values.put("createdBy" + i, Parameter.fromOrEmpty(token.createdBy(), UUID.class));
            values.put("created" + i, utc(token.createdUtc()));
            values.put("updated" + i, utc(token.updatedUtc()));
            values.put("lastUsed" + i, Parameter.fromOrEmpty(utc(token.lastUsedUtc()), OffsetDateTime.class));
            values.put("mintedBy" + i, Parameter.fromOrEmpty(token.mintedBy(), UUID.class));
            values.put("minterDisabled" + i, token.minterDisabled());
        }
        var spec = db.sql(sql.toString()).bindValues(values);
        return guard(spec.then());
    }

    /** Which of these secret hashes the store holds. */
    Mono<Set<String>> existingHashes(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return Mono.just(Set.of());
        }
        return guard(db.sql("SELECT secret_hash FROM tokens WHERE secret_hash IN (:hashes)")
            .bind("hashes", hashes)
            .map(row -> row.get("secret_hash", String.class))
            .all()
            .collect(HashSet::new, Set::add));
    }

    Mono<StoredToken> findById(UUID id) {
        return guard(db.sql("SELECT " + COLUMNS + " FROM tokens WHERE id = :id").bind("id", id).map(TokenRepository::row).one());
    }

    Mono<StoredToken> findByHash(String hash) {
        return guard(db.sql("SELECT " + COLUMNS + " FROM tokens WHERE secret_hash = :hash")
            .bind("hash", hash)
            .map(TokenRepository::row)
            .one());
    }

    /** The API keys of a project, oldest first. */
    Flux<StoredToken> listAccessTokensOfProject(UUID projectId) {
        return guardMany(db.sql("SELECT " + COLUMNS + " FROM tokens WHERE project_id = :project AND kind = 'ACCESS' "
                + "ORDER BY created_utc, id")
            .bind("project", projectId)
            .map(TokenRepository::row)
            .all());
    }


    Flux<StoredToken> listTokensOfUser(UUID userId) {
        return guardMany(db.sql("SELECT " + COLUMNS + " FROM tokens WHERE user_id = :user")
            .bind("user", userId)
            .map(TokenRepository::row)
            .all());
    }

    /**
     * The token as it is now, its row locked until the transaction ends: under the chain's lock, the row every
     * change before this one committed.
     */
    Mono<StoredToken> findByIdForUpdate(UUID id) {
        return guard(db.sql("SELECT " + COLUMNS + " FROM tokens WHERE id = :id FOR UPDATE")
            .bind("id", id)
            .map(TokenRepository::row)
            .one());
    }

    /** Writes the fields {@code change} names, and nothing else but {@code updated_utc}; the number of rows written. */
    Mono<Long> update(UUID id, TokenChange change, Instant updated) {
        StringBuilder set = new StringBuilder("updated_utc = :updated");
        if (change.nameGiven()) {
            set.append(", name = :name");
        }
        if (change.notesGiven()) {
            set.append(", notes = :notes");
        }
        if (change.permissions() != null) {
            set.append(", permissions = :permissions");
        }
        if (change.disabled() != null) {
            set.append(", is_disabled = :disabled");
        }
        var spec = db.sql("UPDATE tokens SET " + set + " WHERE id = :id").bind("id", id).bind("updated", utc(updated));
        if (change.nameGiven()) {
            spec = Binds.nullable(spec, "name", change.name(), String.class);
        }
        if (change.notesGiven()) {
            spec = Binds.nullable(spec, "notes", change.notes(), String.class);
        }
        if (change.permissions() != null) {
            spec = spec.bind("permissions", Permission.format(change.permissions()));
        }
        if (change.disabled() != null) {
            spec = spec.bind("disabled", change.disabled());
        }
        return guard(spec.fetch().rowsUpdated());
    }

    /**
     * Locks the root of the token's minting chain (the token itself when no key minted it) until the transaction
     * ends, and completes with its id; empty when the token is gone. Every change that reaches along a chain (a
     * disable, a delete, a mint by a key of it) takes this lock first, so they happen one after the other and
     * each reads what the one before wrote.
     */
    Mono<UUID> lockChain(UUID id) {
        return guard(db.sql(CHAIN_ROOT).bind("id", id).map(row -> row.get("id", UUID.class)).one()
            .flatMap(root -> db.sql("SELECT id FROM tokens WHERE id = :id FOR UPDATE").bind("id", root)
                .map(row -> row.get("id", UUID.class))
                .one()));
    }

    /** The token and every token minted below it, parents before children; empty when the token is gone. */
    Flux<Minted> mintedTree(UUID id) {
        return guardMany(db.sql(MINTED_TREE).bind("id", id)
            .map(row -> new Minted(row.get("id", UUID.class), row.get("minted_by", UUID.class),
                    row.get("secret_hash", String.class), Boolean.TRUE.equals(row.get("is_disabled", Boolean.class)),
                    Boolean.TRUE.equals(row.get("is_minter_disabled", Boolean.class))))
            .all());
    }

    /** Sets {@code is_minter_disabled} of these tokens. */
    Mono<Long> setMinterDisabled(Collection<UUID> ids, boolean minterDisabled) {
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return guard(db.sql("UPDATE tokens SET is_minter_disabled = :flag WHERE id IN (:ids)")
            .bind("flag", minterDisabled)
            .bind("ids", ids)
            .fetch()
            .rowsUpdated());
    }

    /** One token of a minting tree. */
    record Minted(UUID id, UUID mintedBy, String secretHash, boolean disabled, boolean minterDisabled) {

        /** Whether the token is refused as disabled, and so is everything it minted. */
        boolean effectivelyDisabled() {
            return disabled || minterDisabled;
        }
    }

    Mono<Long> delete(UUID id) {
        return guard(db.sql("DELETE FROM tokens WHERE id = :id").bind("id", id).fetch().rowsUpdated());
    }

    private <T> Mono<T> guard(Mono<T> query) {
        return StoreFailures.guard(query, timeout);
    }

    private <T> Flux<T> guardMany(Flux<T> query) {
        return StoreFailures.guard(query, timeout);
    }



    private static StoredToken row(Readable row) {
        return new StoredToken(row.get("id", UUID.class), row.get("secret_hash", String.class),
                TokenKind.valueOf(row.get("kind", String.class)), row.get("organization_id", UUID.class),
                row.get("project_id", UUID.class), row.get("user_id", UUID.class), row.get("name", String.class),
                row.get("notes", String.class), Scope.parseMask(row.get("scopes", String.class)),
                Permission.parseMask(row.get("permissions", String.class)),
                Boolean.TRUE.equals(row.get("is_disabled", Boolean.class)), instant(row, "expires_utc"),
                row.get("created_by", UUID.class), instant(row, "created_utc"), instant(row, "updated_utc"),
                instant(row, "last_used_utc"), row.get("minted_by", UUID.class),
                Boolean.TRUE.equals(row.get("is_minter_disabled", Boolean.class)));
    }
}
