package io.authbridge;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids sent upstream in ASCII read exactly as Java writes them, and read back as the same id. */
class UuidsTest {

    @Property(tries = 2000)
    void asciiFormIsTheCanonicalForm(@ForAll long mostSignificant, @ForAll long leastSignificant) {
        UUID id = new UUID(mostSignificant, leastSignificant);

        assertThat(Uuids.ascii(id).toString()).isEqualTo(id.toString());
        assertThat(Uuids.parse(Uuids.ascii(id).toString())).isEqualTo(id);
    }

    @Property(tries = 2000)
    void idsInBytesAreReadInEitherCaseAndNothingElseIs(@ForAll long mostSignificant, @ForAll long leastSignificant,
            @ForAll("nearlyIds") String text) {
        UUID id = new UUID(mostSignificant, leastSignificant);
        byte[] upper = ("x" + id.toString().toUpperCase(Locale.ROOT) + "y").getBytes(StandardCharsets.US_ASCII);
        // a server hands header bytes over as ISO-8859-1 characters; a non-ASCII character becomes '?' here
        byte[] other = text.getBytes(StandardCharsets.ISO_8859_1);

        assertThat(Uuids.parse(upper, 1, 37)).isEqualTo(id);
        assertThat(Uuids.parse(other, 0, other.length)).isEqualTo(Uuids.parse(text));
    }

    /** Ids in either case, often with one character replaced (by a dash, a letter past f, a fullwidth digit...). */
    @Provide
    Arbitrary<String> nearlyIds() {
        Arbitrary<String> ids = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new).map(UUID::toString);
        return Combinators.combine(ids, Arbitraries.integers().between(-1, 35),
                Arbitraries.of('-', 'g', 'A', '0', '\u00e9', '\uff10', '\uff41', '\u0660'), Arbitraries.of(true, false))
            .as((id, at, replacement, upper) -> {
                String text = upper ? id.toUpperCase(Locale.ROOT) : id;
                return at < 0 ? text : text.substring(0, at) + replacement + text.substring(at + 1);
            });
    }

    @Example
    void nonAsciiDigitsAreNotAnId() {
        assertThat(Uuids.parse("\uff10".repeat(8) + "-0000-0000-0000-000000000000")).isNull();
        assertThat(Uuids.parse("\u0660" + "0".repeat(7) + "-0000-0000-0000-000000000000")).isNull();
    }
}
