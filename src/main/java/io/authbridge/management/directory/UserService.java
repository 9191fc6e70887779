package io.authbridge.management.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.User;
import io.authbridge.management.Caller;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.management.audit.AuditLog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The people who log in: global administrators create them, optionally as administrators, in organizations. */
public final class UserService {

    private final DirectoryStore directory;

    private final AuditLog audit;

    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();

    private final Clock clock;

    UserService(DirectoryStore directory, AuditLog audit, Clock clock) {
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    /** A user and the organizations it belongs to. */
    public record Member(User user, List<UUID> organizationIds) {
    }

    /**
     * A new user in existing organizations; an email already taken (compared lower-cased) is a conflict, also
     * when two requests race for it.
     */
    public Mono<Member> createUser(Caller caller, String email, String password, String fullName, boolean globalAdmin,
            List<UUID> organizationIds) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        return Access.require(caller, Operation.CREATE_USER)
            .then(directory.findUserByEmail(normalized)
                .flatMap(existing -> Mono.<User>error(new ManagementFailure.Conflict("email_address"))))
            .then(Flux.fromIterable(organizationIds)
                .concatMap(id -> directory.findOrganization(id).switchIfEmpty(
                        Mono.error(new ManagementFailure.Invalid("organization_ids", ManagementFailure.Reason.UNKNOWN))))
                .then())
            .then(Mono.fromCallable(() -> passwords.encode(password)).subscribeOn(Schedulers.boundedElastic()))
            .flatMap(hash -> {
                Instant now = clock.instant();
                return directory.createUser(new User(UUID.randomUUID(), normalized, fullName, hash, globalAdmin, true,
                        now, now))
                    // the same email created concurrently: the check above passed for both
                    .onErrorMap(DuplicateKeyException.class, taken -> new ManagementFailure.Conflict("email_address"));
            })
            .flatMap(user -> Flux.fromIterable(organizationIds)
                .concatMap(organization -> directory.addMember(organization, user.id()))
                .then(audit.record(caller, "user.create", "user", user.id(),
                        "email " + normalized + (globalAdmin ? ", global admin" : "")))
                .thenReturn(new Member(user, organizationIds)));
    }

    /** The user a login token acts for, with its organizations. */
    public Mono<Member> currentUser(Caller caller) {
        return Access.require(caller, Operation.READ_CURRENT_USER)
            // deferred: an API key has no user id to look up
            .then(Mono.defer(() -> directory.findUser(caller.userId())))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(ManagementFailure.Subject.USER)))
            .flatMap(user -> directory.organizationIdsOf(user.id()).collectList().map(ids -> new Member(user, ids)));
    }

    /** Every user, by email, with their organizations. */
    public Flux<Member> listUsers(Caller caller) {
        return Access.require(caller, Operation.LIST_USERS).thenMany(directory.listUsers())
            .concatMap(user -> directory.organizationIdsOf(user.id()).collectList().map(ids -> new Member(user, ids)));
    }
}
