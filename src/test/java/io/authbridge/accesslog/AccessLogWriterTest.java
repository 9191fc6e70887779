package io.authbridge.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Batched access-log lines: the console's format, in order, one write per batch, never blocking a request. */
class AccessLogWriterTest {

    private static final DateTimeFormatter LOGBACK_PATTERN = DateTimeFormatter
        .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    private final CountingOutput output = new CountingOutput();

    private final Counter dropped = new SimpleMeterRegistry().counter("dropped");

    private AccessLogWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    @Test
    void queuedLinesAreWrittenInOrderInOneWriteInTheConsoleFormat() {
        writer = new AccessLogWriter(Duration.ofHours(1), 100, () -> output, dropped);
        Instant first = Instant.parse("2026-11-22T10:28:32.007Z");
        Instant second = Instant.parse("2026-11-22T10:28:33.450Z");

        writer.write(first.toEpochMilli(), "GET /a 200 3ms route=r auth=anonymous token=- ip=127.0.0.1");
        writer.write(second.toEpochMilli(), "GET /b 401 1ms route=r auth=rejected token=- ip=127.0.0.1");
        writer.drain();

        assertThat(output.text()).isEqualTo(
                LOGBACK_PATTERN.format(first) + "  INFO authbridge.access : GET /a 200 3ms route=r auth=anonymous token=- ip=127.0.0.1\n"
                + LOGBACK_PATTERN.format(second) + "  INFO authbridge.access : GET /b 401 1ms route=r auth=rejected token=- ip=127.0.0.1\n");
        assertThat(output.writes.get()).isEqualTo(1);
    }

    @Test
    void linesAreWrittenWithinTheFlushInterval() {
        writer = new AccessLogWriter(Duration.ofMillis(50), 100, () -> output, dropped);

        writer.write(System.currentTimeMillis(), "GET /soon 200 1ms");

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> output.text().contains("GET /soon 200 1ms\n"));
    }

    @Test
    void linesBeyondTheQueueCapacityAreDroppedAndCounted() {
        writer = new AccessLogWriter(Duration.ofHours(1), 2, () -> output, dropped);

        writer.write(0, "one");
        writer.write(0, "two");
        writer.write(0, "three");
        writer.drain();

        assertThat(output.text()).contains(" : one\n").contains(" : two\n").doesNotContain("three");
        assertThat(dropped.count()).isEqualTo(1);
    }

    @Test
    void everyLineOfABatchThatCouldNotBeWrittenIsCountedAsDropped() {
        writer = new AccessLogWriter(Duration.ofHours(1), 100, () -> new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("standard output closed");
            }
        }, dropped);

        writer.write(0, "one");
        writer.write(0, "two");
        writer.write(0, "three");
        writer.drain();

        assertThat(dropped.count()).isEqualTo(3);
    }

    @Test
    void closingWritesWhatIsQueuedAndLaterLinesAreWrittenAtOnce() {
        writer = new AccessLogWriter(Duration.ofHours(1), 100, () -> output, dropped);
        writer.write(0, "before close");

        writer.close();
        assertThat(output.text()).contains(" : before close\n");

        writer.write(0, "after close");
        assertThat(output.text()).contains(" : after close\n");
    }

    private static final class CountingOutput extends ByteArrayOutputStream {

        final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            writes.incrementAndGet();
            super.write(bytes, offset, length);
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
