package io.authbridge.assertion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SigningKeysTest {

    @TempDir
    Path directory;

    static String pem(String name) {
        try (InputStream in = SigningKeysTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static PemKeys.PemKey key(String name) {
        return PemKeys.parse(pem(name), name);
    }

    private static SigningKeys signingWith(String name) {
        return SigningKeys.of(key(name), List.of(), name);
    }

    @Test
    void openSslEcKeysSignWithEs256InEitherEncoding() {
        assertThat(signingWith("ec-pkcs8.pem").algorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(signingWith("ec-sec1.pem").algorithm()).isEqualTo(JWSAlgorithm.ES256);
    }

    @Test
    void openSslRsaKeysSignWithRs256InEitherEncoding() {
        assertThat(signingWith("rsa-pkcs8.pem").algorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(signingWith("rsa-pkcs1.pem").algorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void thePublicKeyTakenFromAnEcPrivateKeyIsTheOneOpenSslDerives() throws Exception {
        String fromPrivate = signingWith("ec-pkcs8.pem").keyId();
        JWK fromPublicFile = JWKSet.parse(SigningKeys.of(key("ec-pkcs8.pem"), List.of(key("ec-public.pem")), "t").jwks())
            .getKeys()
            .get(0);

        assertThat(key("ec-public.pem").privateKey()).isNull();
        assertThat(fromPublicFile.getKeyID()).isEqualTo(fromPrivate);
        // the same key given as "previous" is published once
        assertThat(JWKSet.parse(SigningKeys.of(key("ec-pkcs8.pem"), List.of(key("ec-public.pem")), "t").jwks())
            .getKeys()).hasSize(1);
    }

    @Test
    void theKeySetPublishesTheSigningKeyFirstThenThePreviousOnesWithoutPrivateParts() throws Exception {
        SigningKeys keys = SigningKeys.of(key("rsa-pkcs8.pem"), List.of(key("ec-public.pem"), key("ec-sec1.pem")), "t");

        JWKSet published = JWKSet.parse(keys.jwks());

        assertThat(published.getKeys()).hasSize(3);
        assertThat(published.getKeys().get(0).getKeyID()).isEqualTo(keys.keyId());
        assertThat(published.getKeys()).allSatisfy(jwk -> {
            assertThat(jwk.isPrivate()).isFalse();
            assertThat(jwk.getKeyID()).isNotBlank();
            assertThat(jwk.getKeyUse().identifier()).isEqualTo("sig");
        });
        assertThat(keys.jwks()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    @Test
    void keysTheGatewayCannotUseAreRefusedWithTheFileNamed() {
        assertThatIllegalArgumentException().isThrownBy(() -> signingWith("ec-p384.pem"))
            .withMessageContaining("ec-p384.pem")
            .withMessageContaining("P-256");
        assertThatIllegalArgumentException().isThrownBy(() -> signingWith("rsa-1024.pem"))
            .withMessageContaining("at least 2048 bits");
        assertThatIllegalArgumentException().isThrownBy(() -> signingWith("ec-encrypted.pem"))
            .withMessageContaining("encrypted");
        assertThatIllegalArgumentException().isThrownBy(() -> signingWith("ec-public.pem"))
            .withMessageContaining("public key only");
        assertThatIllegalArgumentException().isThrownBy(() -> PemKeys.parse("not a key", "notes.txt"))
            .withMessageContaining("notes.txt: no PRIVATE KEY");
    }

    @Test
    void aPublicBlockOfAnotherKeyIsRefusedAtStartup() {
        String mismatched = pem("ec-sec1.pem") + pem("ec-public.pem");

        assertThatIllegalArgumentException()
            .isThrownBy(() -> SigningKeys.of(PemKeys.parse(mismatched, "mixed.pem"), List.of(), "mixed.pem"))
            .withMessageContaining("does not belong to its private key");
    }

    @Test
    void withoutAKeyFileOneIsGeneratedOnceReadableByItsOwnerOnlyAndKept() throws Exception {
        Path file = directory.resolve("data/identity-assertion-key.pem");
        IdentityAssertionProperties properties = new IdentityAssertionProperties("gw", null, file, List.of(), 10);

        SigningKeys first = SigningKeys.load(properties);
        SigningKeys second = SigningKeys.load(properties);

        assertThat(first.algorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aConfiguredKeyFileThatIsMissingStopsStartup() {
        Path missing = directory.resolve("nowhere.pem");
        IdentityAssertionProperties properties = new IdentityAssertionProperties("gw", missing,
                directory.resolve("generated.pem"), List.of(), 10);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKeys.load(properties))
            .hasMessageContaining("authbridge.identity-assertion.key-file")
            .hasMessageContaining("nowhere.pem");
        assertThat(directory.resolve("generated.pem")).doesNotExist();
    }
}
