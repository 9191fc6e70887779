package io.authbridge.assertion;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;

/**
 * Signed identity assertions for upstreams: what {@code UpstreamAuth mode: jwt} sends in place of the caller's
 * credential. {@link #target} is resolved once per route; {@link #headerValue} once per request.
 * <p>
 * Signing is not paid on every request: an assertion is reused for the same token and route while more than
 * half of its lifetime remains, and only for a caller identical to the one it was signed for (same token
 * record, project, scopes, permissions). A token changed or deleted since is a different record (the token
 * cache re-reads it after every change, here or announced by another instance), so an old assertion is never
 * handed out for it again; the change also drops the token's assertions at once ({@link #forget}).
 */
public final class IdentityAssertions {

    /** The shortest and longest {@code ttl} of a route. */
    static final Duration MINIMUM_TTL = Duration.ofSeconds(2);

    static final Duration MAXIMUM_TTL = Duration.ofHours(24);

    private final IdentityAssertionProperties properties;

    private final Clock clock;

    private volatile SigningKeys keys;

    /** Per token (public id), its assertions by route target. */
    private final Cache<UUID, ConcurrentMap<Target, Minted>> minted;

    public IdentityAssertions(IdentityAssertionProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.minted = Caffeine.newBuilder()
            .maximumSize(properties.cacheMaximumSize())
            .expireAfterAccess(MAXIMUM_TTL.dividedBy(2))
            .executor(Runnable::run)
            .build();
    }

    /**
     * What a route signs for: its audience and the lifetime of its assertions, and whether the value is sent
     * as {@code Bearer <JWT>} (in {@code Authorization}) or bare (in a header of its own). Loads the signing
     * key, so that a key that cannot be read fails when the route is built.
     *
     * @param routeId the route
     * @param audience the {@code aud} claim; the route id when null or blank
     * @param ttl lifetime of an assertion, whole seconds from {@link #MINIMUM_TTL} to {@link #MAXIMUM_TTL}
     * @param bearer whether the value carries the {@code Bearer} scheme
     */
    public Target target(String routeId, String audience, Duration ttl, boolean bearer) {
        if (ttl.compareTo(MINIMUM_TTL) < 0 || ttl.compareTo(MAXIMUM_TTL) > 0 || ttl.toMillisPart() != 0) {
            throw new IllegalArgumentException("ttl must be whole seconds from " + MINIMUM_TTL.toSeconds() + "s to "
                    + MAXIMUM_TTL.toHours() + "h, not " + ttl);
        }
        String aud = audience == null || audience.isBlank() ? routeId : audience.trim();
        if (aud == null || aud.isBlank()) {
            throw new IllegalArgumentException("an audience is needed (the route has no id)");
        }
        keys();
        return new Target(routeId, aud, ttl.toSeconds(), bearer);
    }

    /**
     * The value of the header that carries {@code principal}'s identity to the upstream of {@code target}: a
     * reused assertion when one is young enough and was signed for this very caller, else a new one.
     */
    public String headerValue(AuthenticatedPrincipal principal, Target target) {
        ConcurrentMap<Target, Minted> ofToken = minted.get(principal.tokenId(), id -> new ConcurrentHashMap<>(4));
        long now = clock.millis();
        Minted reusable = ofToken.get(target);
        if (reusable != null && now < reusable.reuseUntil() && reusable.principal().equals(principal)) {
            return reusable.value();
        }
        Minted fresh = sign(principal, target, now);
        ofToken.put(target, fresh);
        return fresh.value();
    }

    /** Drops every assertion of this token: it changed or is gone. */
    public void forget(UUID tokenId) {
        minted.invalidate(tokenId);
    }

    /** The JSON of {@code /.well-known/jwks.json}. */
    String jwks() {
        return keys().jwks();
    }

    /** Whether the keys are loaded (reading or generating them may touch the disk). */
    boolean keysLoaded() {
        return keys != null;
    }

    SigningKeys keys() {
        SigningKeys loaded = keys;
        if (loaded == null) {
            synchronized (this) {
                loaded = keys;
                if (loaded == null) {
                    loaded = SigningKeys.load(properties);
                    keys = loaded;
                }
            }
        }
        return loaded;
    }

    private Minted sign(AuthenticatedPrincipal principal, Target target, long now) {
        SigningKeys signing = keys();
        long issuedAt = now / 1000;
        long expiresAt = issuedAt + target.ttlSeconds();
        if (principal.token().expiresAt() != null) {
            // never outlive the token it stands for
            expiresAt = Math.max(issuedAt, Math.min(expiresAt, principal.token().expiresAt().getEpochSecond()));
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(properties.issuer())
            .audience(target.audience())
            .subject(principal.tokenId().toString())
            .issueTime(new Date(issuedAt * 1000))
            .expirationTime(new Date(expiresAt * 1000))
            .jwtID(UUID.randomUUID().toString())
            .claim("scope", String.join(" ", sorted(Scope.names(principal.scopes()))))
            .claim("permissions", sorted(Permission.names(principal.permissions())));
        optional(claims, "org", principal.organizationId());
        optional(claims, "project", principal.projectId());
        optional(claims, "user", principal.userId());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(signing.algorithm()).keyID(signing.keyId())
            .type(JOSEObjectType.JWT)
            .build(), claims.build());
        try {
            jwt.sign(signing.signer());
        }
        catch (JOSEException ex) {
            throw new IllegalStateException("The identity-assertion key could not sign", ex);
        }
        String serialized = jwt.serialize();
        long lifetimeMillis = (expiresAt - issuedAt) * 1000;
        return new Minted(principal, target.bearer() ? "Bearer " + serialized : serialized,
                expiresAt * 1000 - lifetimeMillis / 2);
    }

    private static void optional(JWTClaimsSet.Builder claims, String name, UUID value) {
        if (value != null) {
            claims.claim(name, value.toString());
        }
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy;
    }

    /**
     * The assertion settings of one route.
     *
     * @param routeId the route
     * @param audience the {@code aud} claim
     * @param ttlSeconds the lifetime of an assertion
     * @param bearer whether the header value is {@code Bearer <JWT>} rather than the bare JWT
     */
    public record Target(String routeId, String audience, long ttlSeconds, boolean bearer) {
    }

    /** A signed assertion, the caller it was signed for, and until when it may be handed out again. */
    private record Minted(AuthenticatedPrincipal principal, String value, long reuseUntil) {
    }
}
