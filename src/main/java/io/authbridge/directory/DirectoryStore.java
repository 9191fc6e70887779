package io.authbridge.directory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.UUID;

import io.authbridge.token.StoreFailures;
import io.r2dbc.spi.Readable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import static io.authbridge.store.Rows.instant;
import static io.authbridge.store.Rows.utc;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Organizations, projects, users and memberships in the R2DBC store. Every read and write fails with
 * {@code StoreUnavailableException} when the store does not answer.
 */
public class DirectoryStore {

    private static final String PROJECT_COLUMNS = "id, organization_id, parent_project_id, name, "
            + "delete_bot_data_enabled, created_utc, updated_utc";

    private static final String USER_COLUMNS = "id, email, full_name, password_hash, is_global_admin, is_active, "
            + "created_utc, updated_utc";

    private final DatabaseClient db;

    private final Duration timeout;

    public DirectoryStore(DatabaseClient db, Duration timeout) {
        this.db = db;
        this.timeout = timeout;
    }

    public Mono<Organization> createOrganization(Organization organization) {
        return guard(db.sql("INSERT INTO organizations (id, name, created_utc, updated_utc) VALUES (:id, :name, :c, :u)")
            .bind("id", organization.id())
            .bind("name", organization.name())
            .bind("c", utc(organization.createdUtc()))
            .bind("u", utc(organization.updatedUtc()))
            .then()
            .thenReturn(organization));
    }

    public Mono<Organization> findOrganization(UUID id) {
        return guard(db.sql("SELECT id, name, created_utc, updated_utc FROM organizations WHERE id = :id")
            .bind("id", id)
            .map(DirectoryStore::organization)
            .one());
    }

    /** All organizations, by name. */
    public Flux<Organization> listOrganizations() {
        return guardMany(db.sql("SELECT id, name, created_utc, updated_utc FROM organizations ORDER BY name, id")
            .map(DirectoryStore::organization)
            .all());
    }

    public Flux<Organization> listOrganizations(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return guardMany(db.sql("SELECT id, name, created_utc, updated_utc FROM organizations WHERE id IN (:ids) "
                + "ORDER BY name, id")
            .bind("ids", ids)
            .map(DirectoryStore::organization)
            .all());
    }

    public Mono<Project> createProject(Project project) {
        var insert = db.sql("INSERT INTO projects (" + PROJECT_COLUMNS + ") VALUES (:id, :org, :parent, :name, :bot, :c, :u)")
            .bind("id", project.id())
            .bind("org", project.organizationId());
        insert = project.parentProjectId() == null ? insert.bindNull("parent", UUID.class)
                : insert.bind("parent", project.parentProjectId());
        return guard(insert.bind("name", project.name())
            .bind("bot", project.deleteBotDataEnabled())
            .bind("c", utc(project.createdUtc()))
            .bind("u", utc(project.updatedUtc()))
            .then()
            .thenReturn(project));
    }

    public Mono<Project> findProject(UUID id) {
        return guard(db.sql("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE id = :id")
            .bind("id", id)
            .map(DirectoryStore::project)
            .one());
    }

    /** Projects of these organizations, by name. */
    public Flux<Project> listProjects(Collection<UUID> organizationIds) {
        if (organizationIds.isEmpty()) {
            return Flux.empty();
        }
        return guardMany(db.sql("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE organization_id IN (:orgs) "
                + "ORDER BY name, id")
            .bind("orgs", organizationIds)
            .map(DirectoryStore::project)
            .all());
    }

    /** Every project, by name. */
    public Flux<Project> listAllProjects() {
        return guardMany(db.sql("SELECT " + PROJECT_COLUMNS + " FROM projects ORDER BY name, id")
            .map(DirectoryStore::project)
            .all());
    }

    /** A project and its subprojects: the tree a SignalWire project credential sees. */
    public Flux<Project> listProjectTree(UUID rootId) {
        return guardMany(db.sql("SELECT " + PROJECT_COLUMNS + " FROM projects WHERE id = :id OR parent_project_id = :id "
                + "ORDER BY created_utc, id")
            .bind("id", rootId)
            .map(DirectoryStore::project)
            .all());
    }

    /** Inserts the user; a {@link DuplicateKeyException} when the email is taken. */
    public Mono<User> createUser(User user) {
        return guard(db.sql("INSERT INTO users (" + USER_COLUMNS + ") VALUES (:id, :email, :name, :hash, :admin, :active, "
                + ":c, :u)")
            .bind("id", user.id())
            .bind("email", user.email())
            .bind("name", user.fullName() == null ? "" : user.fullName())
            .bind("hash", user.passwordHash())
            .bind("admin", user.globalAdmin())
            .bind("active", user.active())
            .bind("c", utc(user.createdUtc()))
            .bind("u", utc(user.updatedUtc()))
            .then()
            .thenReturn(user));
    }

    public Mono<User> findUser(UUID id) {
        return guard(db.sql("SELECT " + USER_COLUMNS + " FROM users WHERE id = :id")
            .bind("id", id)
            .map(DirectoryStore::user)
            .one());
    }

    /** The user with this (already lower-cased) email. */
    public Mono<User> findUserByEmail(String email) {
        return guard(db.sql("SELECT " + USER_COLUMNS + " FROM users WHERE email = :email")
            .bind("email", email)
            .map(DirectoryStore::user)
            .one());
    }

    public Flux<User> listUsers() {
        return guardMany(db.sql("SELECT " + USER_COLUMNS + " FROM users ORDER BY email").map(DirectoryStore::user).all());
    }

    public Mono<Long> countUsers() {
        return guard(db.sql("SELECT COUNT(*) AS n FROM users").map(row -> row.get("n", Long.class)).one());
    }

    /** Adds the user to the organization; adding an existing member changes nothing, also when concurrent. */
    public Mono<Void> addMember(UUID organizationId, UUID userId) {
        return guard(db.sql("INSERT INTO organization_users (organization_id, user_id) SELECT :org, :user "
                + "WHERE NOT EXISTS (SELECT 1 FROM organization_users WHERE organization_id = :org AND user_id = :user)")
            .bind("org", organizationId)
            .bind("user", userId)
            .then()
            .onErrorResume(DuplicateKeyException.class, alreadyMember -> Mono.empty()));
    }

    public Flux<UUID> organizationIdsOf(UUID userId) {
        return guardMany(db.sql("SELECT organization_id FROM organization_users WHERE user_id = :user")
            .bind("user", userId)
            .map(row -> row.get("organization_id", UUID.class))
            .all());
    }

    private <T> Mono<T> guard(Mono<T> query) {
        return StoreFailures.guard(query, timeout);
    }

    private <T> Flux<T> guardMany(Flux<T> query) {
        return StoreFailures.guard(query, timeout);
    }



    private static Organization organization(Readable row) {
        return new Organization(row.get("id", UUID.class), row.get("name", String.class), instant(row, "created_utc"),
                instant(row, "updated_utc"));
    }

    private static Project project(Readable row) {
        return new Project(row.get("id", UUID.class), row.get("organization_id", UUID.class),
                row.get("parent_project_id", UUID.class), row.get("name", String.class),
                Boolean.TRUE.equals(row.get("delete_bot_data_enabled", Boolean.class)), instant(row, "created_utc"),
                instant(row, "updated_utc"));
    }

    private static User user(Readable row) {
        return new User(row.get("id", UUID.class), row.get("email", String.class), row.get("full_name", String.class),
                row.get("password_hash", String.class), Boolean.TRUE.equals(row.get("is_global_admin", Boolean.class)),
                Boolean.TRUE.equals(row.get("is_active", Boolean.class)), instant(row, "created_utc"),
                instant(row, "updated_utc"));
    }
}
