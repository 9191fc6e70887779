package io.authbridge.token;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashKeyTest {

    private static final TokenHasher HASHER = new TokenHasher("hash-key-pepper-0123456789".getBytes(StandardCharsets.UTF_8));

    @Property(tries = 500)
    void everyHashTheHasherWritesIsKeptExactlyAndComesBackAsTheSameText(@ForAll String secret) {
        String hash = HASHER.hash(secret);
        HashKey key = HashKey.of(hash);

        assertThat(key).isNotNull();
        assertThat(key.hash()).isEqualTo(hash);
        assertThat(HashKey.of(hash)).isEqualTo(key).hasSameHashCodeAs(key);
    }

    @Property(tries = 200)
    void differentHashesAreDifferentKeys(@ForAll String secret) {
        assertThat(HashKey.of(HASHER.hash(secret))).isNotEqualTo(HashKey.of(HASHER.hash(secret + "x")));
    }

    @Test
    void whatTheHasherNeverWritesHasNoKey() {
        String hash = HASHER.hash("secret");
        assertThat(HashKey.of(null)).isNull();
        assertThat(HashKey.of(hash.substring(1))).isNull();
        assertThat(HashKey.of(hash + "A")).isNull();
        assertThat(HashKey.of(hash.substring(0, 42) + "=")).isNull();
        assertThat(HashKey.of(hash.substring(0, 42) + "é")).isNull();
        // the two bits past the 32 bytes are zero in the canonical encoding: 'B' sets one of them
        String canonicalEnd = hash.substring(0, 42) + "A";
        assertThat(HashKey.of(canonicalEnd)).isNotNull();
        assertThat(HashKey.of(hash.substring(0, 42) + "B")).isNull();
        assertThat(HashKey.of(hash).toString()).doesNotContain(hash);
    }
}
