package io.authbridge.management.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.User;
import io.authbridge.management.Caller;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Login and logout: a login mints a login token that acts as its user, behind Exceptionless's lockout of
 * repeated attempts; a logout revokes the login token it was made with. Secrets are never stored, so every
 * login mints a token of its own (Exceptionless reuses one per user).
 */
public final class SessionService {

    /** How long a login token lives, as Exceptionless's authentication tokens (3 months). */
    static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofDays(90);

    private static final String NO_SUCH_USER_HASH = new BCryptPasswordEncoder().encode("no such user, same cost");

    private final DirectoryStore directory;

    private final TokenService tokens;

    private final AuditLog audit;

    private final LoginThrottle throttle;

    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();

    private final Clock clock;

    SessionService(DirectoryStore directory, TokenService tokens, AuditLog audit, LoginThrottle throttle, Clock clock) {
        this.directory = directory;
        this.tokens = tokens;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** A new login token for the user; a {@code LoginRefused} when the password is wrong or attempts ran out. */
    public Mono<IssuedToken> login(String email, String password, String clientIp) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        if (throttle.attemptDenied(normalized, clientIp)) {
            return audit.record(null, null, "login.denied", "user", null, clientIp, "email " + normalized)
                .then(Mono.error(new ManagementFailure.LoginRefused(true)));
        }
        return directory.findUserByEmail(normalized)
            .map(Optional::of)
            .defaultIfEmpty(Optional.empty())
            .flatMap(user -> Mono.fromCallable(() -> {
                // compare against a dummy hash for unknown users, so timing does not tell which emails exist
                String hash = user.map(User::passwordHash).orElse(NO_SUCH_USER_HASH);
                return passwords.matches(password, hash) && user.isPresent() && user.get().active();
            }).subscribeOn(Schedulers.boundedElastic()).map(ok -> ok ? user : Optional.<User>empty()))
            .flatMap(user -> {
                if (user.isEmpty()) {
                    return audit.record(null, null, "login.failed", "user", null, clientIp, "email " + normalized)
                        .then(Mono.error(new ManagementFailure.LoginRefused(false)));
                }
                throttle.succeeded(normalized, clientIp);
                User found = user.get();
                return tokens.issue(new NewToken(TokenKind.LOGIN, null, null, found.id(), null, null, 0, 0,
                        clock.instant().plus(LOGIN_TOKEN_LIFETIME), found.id(), NewToken.SecretStyle.EXCEPTIONLESS))
                    .flatMap(issued -> audit.record(found.id(), null, "token.create", "token", issued.stored().id(),
                            clientIp, "login").thenReturn(issued));
            });
    }

    /** Revokes the login token the request was made with. */
    public Mono<Void> logout(Caller caller) {
        return Access.require(caller, Operation.LOGOUT)
            .then(tokens.findById(caller.tokenId()))
            .flatMap(tokens::delete)
            .then(audit.record(caller, "token.delete", "token", caller.tokenId(), "logout"));
    }
}
