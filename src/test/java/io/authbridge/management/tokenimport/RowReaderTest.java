package io.authbridge.management.tokenimport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The streaming reader of import bodies: rows out of any chunking, and the whole-body refusals. */
class RowReaderTest {

    private static final String SECRET = "s3cr3t-S3CR3T-s3cr3t-0123456789";

    @Test
    void anArrayOfRowsIsReadTheSameWhateverTheChunks() {
        String body = "[{\"token\":\"" + SECRET + "\",\"project_id\":\"p\",\"scopes\":[\"client\",\"user\"],\"notes\":\"n\"},\n"
                + " {\"TOKEN\":\"b\",\"permissions\":[\"calling\"],\"name\":\"x\",\"expires_utc\":null}]";
        for (int chunk : new int[] { 1, 2, 7, body.length() }) {
            List<RawRow> rows = read(body, chunk, 100);
            assertThat(rows).as("chunks of " + chunk).hasSize(2);
            assertThat(rows.get(0).token()).isEqualTo(SECRET);
            assertThat(rows.get(0).scopes()).containsExactly("client", "user");
            assertThat(rows.get(0).notes()).isEqualTo("n");
            assertThat(rows.get(0).problem()).isNull();
            assertThat(rows.get(1).index()).isEqualTo(1);
            assertThat(rows.get(1).line()).isEqualTo(2);
            assertThat(rows.get(1).token()).as("field names match in any case").isEqualTo("b");
            assertThat(rows.get(1).permissions()).containsExactly("calling");
            assertThat(rows.get(1).expiresUtc()).isNull();
        }
    }

    @Test
    void jsonLinesAreReadOneRowPerObject() {
        List<RawRow> rows = read("{\"token\":\"a\"}\n{\"token\":\"b\"}\r\n\n{\"token\":\"c\"}\n", 3, 100);
        assertThat(rows).extracting(RawRow::token).containsExactly("a", "b", "c");
        assertThat(rows).extracting(RawRow::line).containsExactly(1, 2, 4);
    }

    @Test
    void aByteOrderMarkBeforeTheRowsIsIgnored() {
        List<RawRow> rows = read("\uFEFF{\"token\":\"a\"}\n{\"token\":\"b\"}\n", 2, 100);
        assertThat(rows).extracting(RawRow::token).containsExactly("a", "b");
    }

    @Test
    void aValueThatIsNoObjectIsARowThatCannotBeImported() {
        List<RawRow> rows = read("[1, \"text\", [\"a\", {\"b\": 2}], null, {\"token\":\"t\"}]", 5, 100);
        assertThat(rows).extracting(row -> row.problem() == null ? null : row.problem().code())
            .containsExactly("not_an_object", "not_an_object", "not_an_object", "not_an_object", null);
        assertThat(rows.get(4).token()).isEqualTo("t");
    }

    @Test
    void unknownRepeatedAndMistypedFieldsAreTheRowsProblem() {
        List<RawRow> rows = read("""
                {"token":"a","scope":["user"]}
                {"token":"a","token":"b"}
                {"token":{"nested":[1,2]},"notes":"after"}
                {"token":"a","scopes":"user"}
                {"token":"a","permissions":["calling",3,{"x":1}],"notes":"after"}
                {"token":"a","%s":1}
                """.formatted(SECRET), 4, 100);
        assertThat(rows).extracting(row -> row.problem().code()).containsExactly("unknown_field", "repeated_field",
                "invalid_token", "invalid_scopes", "invalid_permissions", "unknown_field");
        assertThat(rows.get(0).problem().message()).contains("\"scope\"");
        assertThat(rows.get(2).notes()).as("the row is read to its end").isEqualTo("after");
        assertThat(rows.get(4).notes()).isEqualTo("after");
        assertThat(rows.get(5).problem().message()).as("a field name as long as a secret is not echoed")
            .doesNotContain(SECRET);
    }

    @Test
    void brokenJsonRefusesTheWholeBodyNamingTheRowAndLineButNotTheInput() {
        String body = "{\"token\":\"a\"}\n{\"token\":\"b\"}\n{\"token\":" + SECRET + "}\n{\"token\":\"d\"}\n";
        ImportRefused refused = refusal(body, 4, 100);
        assertThat(refused.reason()).isEqualTo(ImportRefused.Reason.NOT_JSON);
        assertThat(refused.row()).isEqualTo(2);
        assertThat(refused.line()).isEqualTo(3);
        assertThat(refused.getMessage()).doesNotContain(SECRET).doesNotContain("s3cr3t");
    }

    @Test
    void aTruncatedArrayIsNotJson() {
        assertThat(refusal("[{\"token\":\"a\"}, {\"token\":", 3, 100).reason()).isEqualTo(ImportRefused.Reason.NOT_JSON);
        assertThat(refusal("[{\"token\":\"a\"}", 3, 100).reason()).isEqualTo(ImportRefused.Reason.NOT_JSON);
    }

    @Test
    void bodiesOfNoRowsAreRefused() {
        assertThat(refusal(" \n\t", 1, 100).reason()).isEqualTo(ImportRefused.Reason.EMPTY);
        assertThat(refusal("42", 1, 100).reason()).isEqualTo(ImportRefused.Reason.NOT_ROWS);
        assertThat(refusal("[{\"token\":\"a\"}] {\"token\":\"b\"}", 1, 100).reason())
            .isEqualTo(ImportRefused.Reason.NOT_ROWS);
        assertThat(read("[]", 1, 100)).isEmpty();
    }

    @Test
    void oneRowOverTheLimitRefusesTheWholeBody() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 11; i++) {
            body.append(i == 0 ? "" : ",").append("{\"token\":\"t").append(i).append("\"}");
        }
        assertThat(read(body.toString().replaceFirst(",\\{\"token\":\"t10\"}", "") + "]", 16, 10)).hasSize(10);
        ImportRefused refused = refusal(body + "]", 16, 10);
        assertThat(refused.reason()).isEqualTo(ImportRefused.Reason.TOO_MANY_ROWS);
        assertThat(refused.row()).isEqualTo(10);
    }

    @Test
    void aBodyOverTheByteLimitIsRefused() {
        RowReader reader = new RowReader(100, 10);
        byte[] bytes = "[{\"token\":\"abc\"}]".getBytes(StandardCharsets.UTF_8);
        ImportRefused refused = catchThrowableOfType(ImportRefused.class, () -> reader.feed(bytes, bytes.length));
        assertThat(refused.reason()).isEqualTo(ImportRefused.Reason.TOO_LARGE);
    }

    private static List<RawRow> read(String body, int chunk, int maxRows) {
        RowReader reader = new RowReader(maxRows, Long.MAX_VALUE);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<RawRow> rows = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += chunk) {
            byte[] part = new byte[Math.min(chunk, bytes.length - from)];
            System.arraycopy(bytes, from, part, 0, part.length);
            rows.addAll(reader.feed(part, part.length));
        }
        rows.addAll(reader.end());
        return rows;
    }

    private static ImportRefused refusal(String body, int chunk, int maxRows) {
        return catchThrowableOfType(ImportRefused.class, () -> read(body, chunk, maxRows));
    }
}
