package io.authbridge;

import java.util.UUID;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids sent upstream in ASCII read exactly as Java writes them, and read back as the same id. */
class UuidsTest {

    @Property(tries = 2000)
    void asciiFormIsTheCanonicalForm(@ForAll long mostSignificant, @ForAll long leastSignificant) {
        UUID id = new UUID(mostSignificant, leastSignificant);

        assertThat(Uuids.ascii(id).toString()).isEqualTo(id.toString());
        assertThat(Uuids.parse(Uuids.ascii(id).toString())).isEqualTo(id);
    }
}
