package io.authbridge.assertion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs identity assertions and the keys published beside it. The signing key comes from
 * {@code key-file}, else from {@code generated-key-file} (made there on first start, the way the token pepper
 * is); {@code previous-key-files} are published but never sign. A key's {@code kid} is its RFC 7638 thumbprint,
 * so every instance holding the same key names it alike. At startup the signing key signs a probe that its
 * published half must verify: a PEM whose public block belongs to another key fails here, not at an upstream.
 */
final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    /** The smallest RSA key accepted (RFC 7518 §3.3). */
    private static final int MINIMUM_RSA_BITS = 2048;

    private final JWSAlgorithm algorithm;

    private final String keyId;

    private final JWSSigner signer;

    private final String jwks;

    private SigningKeys(JWK signingKey, JWSSigner signer, JWKSet published) {
        this.algorithm = (JWSAlgorithm) signingKey.getAlgorithm();
        this.keyId = signingKey.getKeyID();
        this.signer = signer;
        this.jwks = published.toString(true);
    }

    /** The keys the properties name, generating the signing key if it is nowhere yet. */
    static SigningKeys load(IdentityAssertionProperties properties) {
        PemKeys.PemKey current = properties.keyFile() != null ? read(properties.keyFile(), "authbridge.identity-assertion.key-file")
                : readOrGenerate(properties.generatedKeyFile());
        List<PemKeys.PemKey> previous = new ArrayList<>();
        for (Path file : properties.previousKeyFiles()) {
            previous.add(read(file, "authbridge.identity-assertion.previous-key-files"));
        }
        String source = properties.keyFile() != null ? properties.keyFile().toString()
                : properties.generatedKeyFile().toString();
        return of(current, previous, source);
    }

    /** Signs with {@code current}, publishes it first and then each of {@code previous} (duplicates once). */
    static SigningKeys of(PemKeys.PemKey current, List<PemKeys.PemKey> previous, String source) {
        if (current.privateKey() == null) {
            throw new IllegalArgumentException(source + ": the signing key file holds a public key only");
        }
        try {
            JWK signingKey = jwk(current, source);
            JWSSigner signer = signingKey instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) signingKey);
            probe(signingKey, signer, source);
            Map<String, JWK> published = new LinkedHashMap<>();
            published.put(signingKey.getKeyID(), signingKey.toPublicJWK());
            for (PemKeys.PemKey key : previous) {
                JWK jwk = jwk(new PemKeys.PemKey(key.publicKey(), null), source);
                published.putIfAbsent(jwk.getKeyID(), jwk);
            }
            return new SigningKeys(signingKey, signer, new JWKSet(new ArrayList<>(published.values())));
        }
        catch (JOSEException ex) {
            throw new IllegalArgumentException(source + ": the key cannot sign (" + ex.getMessage() + ")");
        }
    }

    JWSAlgorithm algorithm() {
        return algorithm;
    }

    String keyId() {
        return keyId;
    }

    JWSSigner signer() {
        return signer;
    }

    /** The JSON of {@code /.well-known/jwks.json}: public keys only, the signing key first. */
    String jwks() {
        return jwks;
    }

    private static JWK jwk(PemKeys.PemKey key, String source) throws JOSEException {
        if (key.publicKey() instanceof ECPublicKey ecPublic) {
            Curve curve = Curve.forECParameterSpec(ecPublic.getParams());
            if (!Curve.P_256.equals(curve)) {
                throw new IllegalArgumentException(source + ": EC keys must be on P-256 (ES256), not " + curve);
            }
            ECKey.Builder builder = new ECKey.Builder(Curve.P_256, ecPublic).algorithm(JWSAlgorithm.ES256)
                .keyUse(KeyUse.SIGNATURE);
            if (key.privateKey() != null) {
                builder.privateKey((ECPrivateKey) key.privateKey());
            }
            return builder.keyIDFromThumbprint().build();
        }
        if (key.publicKey() instanceof RSAPublicKey rsaPublic) {
            if (rsaPublic.getModulus().bitLength() < MINIMUM_RSA_BITS) {
                throw new IllegalArgumentException(source + ": RSA keys need at least " + MINIMUM_RSA_BITS + " bits");
            }
            RSAKey.Builder builder = new RSAKey.Builder(rsaPublic).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE);
            if (key.privateKey() != null) {
                builder.privateKey((RSAPrivateKey) key.privateKey());
            }
            return builder.keyIDFromThumbprint().build();
        }
        throw new IllegalArgumentException(source + ": the key is neither EC P-256 nor RSA");
    }

    private static void probe(JWK signingKey, JWSSigner signer, String source) throws JOSEException {
        JWSObject probe = new JWSObject(new JWSHeader((JWSAlgorithm) signingKey.getAlgorithm()), new Payload("probe"));
        probe.sign(signer);
        JWK published = signingKey.toPublicJWK();
        JWSVerifier verifier = published instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) published);
        if (!probe.verify(verifier)) {
            throw new IllegalArgumentException(source + ": the public key in the file does not belong to its private key");
        }
    }

    private static PemKeys.PemKey read(Path file, String property) {
        try {
            return PemKeys.parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + property + " " + file, ex);
        }
    }

    private static PemKeys.PemKey readOrGenerate(Path file) {
        if (Files.exists(file)) {
            return read(file, "authbridge.identity-assertion.generated-key-file");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            createOwnerOnly(file);
            Files.writeString(file, PemKeys.write(pair.getPrivate(), pair.getPublic()), StandardCharsets.US_ASCII);
            log.info("Generated an identity-assertion signing key (EC P-256) in {}; every instance needs the same key "
                    + "(authbridge.identity-assertion.key-file)", file);
            return new PemKeys.PemKey(pair.getPublic(), pair.getPrivate());
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write the identity-assertion key file " + file, ex);
        }
    }

    /** Creates the file readable by its owner only before anything is written into it (where POSIX allows). */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE)));
        }
        catch (UnsupportedOperationException ex) {
            Files.createFile(file);
        }
    }
}
