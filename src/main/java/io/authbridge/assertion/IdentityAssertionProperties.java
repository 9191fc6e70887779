package io.authbridge.assertion;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The identity assertions of {@code UpstreamAuth mode: jwt}. Checked at startup.
 *
 * @param issuer the {@code iss} claim of every assertion; upstreams check it
 * @param keyFile PEM file of the signing key: an EC P-256 key (ES256) or an RSA key of at least 2048 bits
 *     (RS256), as PKCS#8 ({@code PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE
 *     KEY}). Every instance must use the same one. When absent, the key of {@code generatedKeyFile} is used
 * @param generatedKeyFile where the signing key is kept when {@code keyFile} is not set: read when present,
 *     else an EC P-256 key is generated there on first start (readable by its owner only)
 * @param previousKeyFiles PEM files of keys that are published in the JWKS but do not sign: the key used
 *     before a rotation, so that what it signed still verifies until it expires (public keys suffice)
 * @param cacheMaximumSize for how many tokens assertions are kept for reuse (each token: one per route and audience)
 */
@ConfigurationProperties("authbridge.identity-assertion")
public record IdentityAssertionProperties(@DefaultValue("authbridge") String issuer, Path keyFile,
        @DefaultValue("./data/identity-assertion-key.pem") Path generatedKeyFile,
        @DefaultValue List<Path> previousKeyFiles, @DefaultValue("100000") long cacheMaximumSize) {

    public IdentityAssertionProperties {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("authbridge.identity-assertion.issuer must not be blank");
        }
        if (cacheMaximumSize < 1) {
            throw new IllegalArgumentException("authbridge.identity-assertion.cache-maximum-size must be at least 1");
        }
        previousKeyFiles = previousKeyFiles == null ? List.of() : List.copyOf(previousKeyFiles);
    }
}
