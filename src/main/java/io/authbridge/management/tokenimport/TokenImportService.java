package io.authbridge.management.tokenimport;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.directory.Project;
import io.authbridge.management.Caller;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenHasher;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Imports the tokens that clients of another deployment already hold. Two passes: the body is read row by row
 * as it arrives, each row checked and its secret hashed at once (the secret is dropped with the row); only when
 * the whole body has been read (valid JSON, at most {@link #MAX_ROWS} rows) are the rows written, in batches of
 * {@link #BATCH}: one query for the secrets the store holds already, one insert, one audit statement per batch.
 * So a body that breaks off or is too long imports nothing, and what is held meanwhile is a hash and a few
 * fields per row, never the body. A row that cannot be imported is answered with its reason and does not stop
 * the others; importing a secret the store holds is refused for that row, so a re-run changes nothing.
 */
public final class TokenImportService {

    /** Most rows in one body; a longer file is split into several calls. */
    public static final int MAX_ROWS = 10_000;

    /** Most bytes in one body: 10,000 rows with the longest notes and names fit. */
    public static final long MAX_BYTES = 32L * 1024 * 1024;

    /** Shortest secret imported: shorter ones are guessable (AuthBridge's own have 40 or 50 characters). */
    public static final int MIN_SECRET_LENGTH = 20;

    /** Longest secret imported: the longest a credential may carry. */
    static final int MAX_SECRET_LENGTH = 512;

    /** Rows written per statement. */
    static final int BATCH = 500;

    private final Access access;

    private final TokenService tokens;

    private final TokenHasher hasher;

    private final AuditLog audit;

    private final Clock clock;

    TokenImportService(Access access, TokenService tokens, TokenHasher hasher, AuditLog audit, Clock clock) {
        this.access = access;
        this.tokens = tokens;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What became of one row: the public id of the token it became, or why it did not.
     *
     * @param row position in the body, from 0
     * @param line line of the body where the row begins, from 1
     * @param id the new token's public id, or null
     * @param error why the row was not imported, or null
     */
    public record RowResult(int row, int line, UUID id, RowError error) {
    }

    /** The answer to one import: every row's result, in the body's order. */
    public record Report(int imported, int refused, List<RowResult> rows) {
    }

    /**
     * Imports the rows of {@code body} (a JSON array of rows or JSON lines); fails with {@link ImportRefused}
     * when the body as a whole cannot be, before anything is written.
     */
    public Mono<Report> importTokens(Caller caller, Flux<DataBuffer> body) {
        return Access.require(caller, Operation.IMPORT_TOKENS)
            .then(read(body))
            .flatMap(rows -> write(caller, rows));
    }

    // ---------------------------------------------------------------- the first pass: read and check

    /** A row checked and hashed: what the second pass writes, or the error it answers. */
    private record Checked(int index, int line, String hash, UUID projectId, int scopes, int permissions,
            String notes, String name, Instant expiresUtc, RowError error) {

        static Checked refused(RawRow row, RowError error) {
            return new Checked(row.index(), row.line(), null, null, 0, 0, null, null, null, error);
        }

        Checked refusedAs(RowError why) {
            return new Checked(index, line, null, null, 0, 0, null, null, null, why);
        }
    }

    private Mono<List<Checked>> read(Flux<DataBuffer> body) {
        return Mono.defer(() -> {
            RowReader reader = new RowReader(MAX_ROWS, MAX_BYTES);
            Map<String, Integer> firstRowOf = new HashMap<>();
            Instant now = clock.instant();
            return body.concatMapIterable(buffer -> {
                try {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    return reader.feed(bytes, bytes.length);
                }
                finally {
                    DataBufferUtils.release(buffer);
                }
            })
                .concatWith(Flux.defer(() -> Flux.fromIterable(reader.end())))
                .map(row -> check(row, firstRowOf, now))
                .doFinally(signal -> reader.close())
                .collectList();
        });
    }

    private Checked check(RawRow row, Map<String, Integer> firstRowOf, Instant now) {
        if (row.problem() != null) {
            return Checked.refused(row, row.problem());
        }
        RowError invalid = secretError(row.token());
        if (invalid != null) {
            return Checked.refused(row, invalid);
        }
        if (row.projectId() == null) {
            return Checked.refused(row, RowError.missing("project_id"));
        }
        UUID projectId = Uuids.parse(row.projectId());
        if (projectId == null) {
            return Checked.refused(row, RowError.invalid("project_id", "The project_id must be a project's id (a UUID)."));
        }
        int scopes = 0;
        for (String name : row.scopes() == null ? List.<String>of() : row.scopes()) {
            Scope scope = Scope.fromWireName(name);
            if (scope == null) {
                return Checked.refused(row, RowError.invalid("scopes", "Unknown scope; the scopes are client, user and global."));
            }
            scopes |= scope.bit();
        }
        int permissions = 0;
        for (String name : row.permissions() == null ? List.<String>of() : row.permissions()) {
            Permission permission = Permission.fromWireName(name);
            if (permission == null) {
                return Checked.refused(row, RowError.invalid("permissions",
                        "Unknown permission; the permissions are " + Permission.validNamesSentence() + "."));
            }
            permissions |= permission.bit();
        }
        if (row.notes() != null && row.notes().length() > 2000) {
            return Checked.refused(row, RowError.invalid("notes", "The notes must have at most 2000 characters."));
        }
        if (row.name() != null && row.name().length() > 250) {
            return Checked.refused(row, RowError.invalid("name", "The name must have at most 250 characters."));
        }
        Instant expires;
        try {
            expires = instant(row.expiresUtc());
        }
        catch (DateTimeParseException ex) {
            return Checked.refused(row, RowError.invalid("expires_utc",
                    "The expires_utc must be an ISO-8601 date such as 2027-01-31T00:00:00Z."));
        }
        if (expires != null && !expires.isAfter(now)) {
            return Checked.refused(row, RowError.invalid("expires_utc",
                    "The expires_utc is in the past: the token would not work."));
        }
        String hash = hasher.hash(row.token());
        Integer first = firstRowOf.putIfAbsent(hash, row.index());
        if (first != null) {
            return Checked.refused(row, new RowError("duplicate", "The same token is in row " + first + " of this body."));
        }
        // no scope given means client, as a new Exceptionless key; a SignalWire token is a client with permissions
        return new Checked(row.index(), row.line(), hash, projectId, Scope.withImplied(scopes == 0 ? Scope.CLIENT.bit() : scopes),
                permissions, row.notes(), row.name(), expires, null);
    }

    /** Why a secret cannot be imported, or null: it must work as a credential, and not be guessable. */
    private static RowError secretError(String secret) {
        if (secret == null) {
            return RowError.missing("token");
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            return new RowError("token_too_short", "The token has fewer than " + MIN_SECRET_LENGTH
                    + " characters: a secret that short is guessable and is not imported.");
        }
        boolean usable = secret.length() <= MAX_SECRET_LENGTH;
        for (int i = 0; usable && i < secret.length(); i++) {
            char c = secret.charAt(i);
            usable = c > ' ' && c < 0x7F;
        }
        return usable ? null : RowError.invalid("token", "The token must be at most " + MAX_SECRET_LENGTH
                + " visible ASCII characters, without spaces: no client could send another as a credential.");
    }

    /** An ISO-8601 date with an offset, or without one (then UTC, as the field's name says); null when absent. */
    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        }
        catch (DateTimeParseException ex) {
            return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
        }
    }

    // ---------------------------------------------------------------- the second pass: write in batches

    private Mono<Report> write(Caller caller, List<Checked> rows) {
        Map<UUID, Optional<Project>> projects = new HashMap<>();
        return Flux.fromIterable(rows)
            .buffer(BATCH)
            .concatMap(batch -> writeBatch(caller, batch, projects))
            .collectList()
            .flatMap(results -> {
                int imported = 0;
                Map<String, Integer> refusals = new TreeMap<>();
                for (RowResult result : results) {
                    if (result.id() != null) {
                        imported++;
                    }
                    else {
                        refusals.merge(result.error().code(), 1, Integer::sum);
                    }
                }
                Report report = new Report(imported, results.size() - imported, results);
                return audit.record(caller, "token.import.done", "token", null, "imported " + imported + " of "
                        + results.size() + " rows" + (refusals.isEmpty() ? "" : ", refused " + refusals))
                    .thenReturn(report);
            });
    }

    private Flux<RowResult> writeBatch(Caller caller, List<Checked> batch, Map<UUID, Optional<Project>> projects) {
        return resolveProjects(caller, batch, projects)
            .then(Mono.defer(() -> {
                List<Checked> resolved = new ArrayList<>(batch.size());
                for (Checked row : batch) {
                    boolean unknown = row.error() == null && projects.get(row.projectId()).isEmpty();
                    resolved.add(unknown ? row.refusedAs(new RowError("unknown_project",
                            "No project has this project_id; create it first, or map the old deployment's project ids "
                                    + "to AuthBridge's.")) : row);
                }
                return tokens.existingHashes(resolved.stream().filter(row -> row.error() == null).map(Checked::hash).toList())
                    .flatMap(existing -> store(caller, resolved, existing, projects));
            }))
            .flatMapIterable(results -> results);
    }

    /** Looks up the projects of the batch that no earlier batch named; absent ones are remembered as such. */
    private Mono<Void> resolveProjects(Caller caller, List<Checked> batch, Map<UUID, Optional<Project>> projects) {
        List<UUID> unseen = batch.stream()
            .filter(row -> row.error() == null && !projects.containsKey(row.projectId()))
            .map(Checked::projectId)
            .distinct()
            .toList();
        return Flux.fromIterable(unseen)
            .concatMap(id -> access.project(caller, id).map(Optional::of).defaultIfEmpty(Optional.empty())
                .doOnNext(found -> projects.put(id, found)))
            .then();
    }

    private Mono<List<RowResult>> store(Caller caller, List<Checked> batch, Set<String> existing,
            Map<UUID, Optional<Project>> projects) {
        Instant now = clock.instant();
        List<Checked> rows = new ArrayList<>(batch.size());
        List<StoredToken> fresh = new ArrayList<>();
        for (Checked row : batch) {
            Checked decided = row.error() == null && existing.contains(row.hash()) ? row.refusedAs(new RowError("duplicate",
                    "This token is in the store already (imported before, or minted here).")) : row;
            rows.add(decided);
            if (decided.error() == null) {
                Project project = projects.get(decided.projectId()).orElseThrow();
                fresh.add(new StoredToken(UUID.randomUUID(), decided.hash(), TokenKind.ACCESS, project.organizationId(),
                        project.id(), null, decided.name(), decided.notes(), decided.scopes(), decided.permissions(), false,
                        decided.expiresUtc(), caller.userId(), now, now, null));
            }
        }
        return tokens.storeImported(fresh).flatMap(stored -> {
            List<RowResult> results = new ArrayList<>(rows.size());
            List<AuditLog.Target> audited = new ArrayList<>();
            int next = 0;
            for (Checked row : rows) {
                if (row.error() != null) {
                    results.add(new RowResult(row.index(), row.line(), null, row.error()));
                    continue;
                }
                StoredToken token = fresh.get(next);
                if (stored.get(next++)) {
                    results.add(new RowResult(row.index(), row.line(), token.id(), null));
                    audited.add(new AuditLog.Target(token.id(), "project " + token.projectId() + " scopes "
                            + Scope.format(token.scopes()) + " permissions " + Permission.format(token.permissions())));
                }
                else {
                    results.add(new RowResult(row.index(), row.line(), null, new RowError("conflict", "The token was "
                            + "not stored: the same token was imported at the same moment, or its project was deleted.")));
                }
            }
            return audit.recordAll(caller, "token.import", "token", audited).thenReturn(results);
        });
    }
}
