package io.authbridge.accesslog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;

/**
 * Access-log lines written in batches: a request only queues its line (no lock, no thread to wake, no
 * system call); one thread of its own writes what has gathered every flush interval, in one write, in the
 * console's format ({@code <timestamp>  INFO authbridge.access : <line>}). Through the logger, the same line
 * cost a queue hand-off that woke the appender's thread and one write to the console per request: a tenth
 * of a proxied request's CPU on one core. Lines beyond the queue's capacity are dropped and counted, never
 * waited for. Closing writes what is still queued.
 */
final class AccessLogWriter implements AutoCloseable {

    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
        .withZone(ZoneId.systemDefault());

    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX").withZone(ZoneId.systemDefault());

    private static final byte[] LEVEL_AND_LOGGER = "  INFO authbridge.access : ".getBytes(StandardCharsets.US_ASCII);

    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();

    private final AtomicInteger queued = new AtomicInteger();

    private final int capacity;

    private final long intervalNanos;

    private final Supplier<OutputStream> output;

    private final Counter dropped;

    private final Thread thread;

    private final ByteArrayOutputStream batch = new ByteArrayOutputStream(64 * 1024);

    /** How many lines {@link #batch} holds. */
    private int batchLines;

    private volatile boolean closed;

    /** The second the cached timestamp prefix is for, and the prefix ("2026-11-22T10:28:32."). */
    private long cachedSecond = Long.MIN_VALUE;

    private byte[] cachedPrefix;

    private byte[] cachedOffset;

    /**
     * @param output where batches go, looked up at each write (standard output is {@code () -> System.out}, which a
     *     test may replace)
     */
    AccessLogWriter(Duration flushInterval, int capacity, Supplier<OutputStream> output, Counter dropped) {
        this.intervalNanos = flushInterval.toNanos();
        this.capacity = capacity;
        this.output = output;
        this.dropped = dropped;
        this.thread = new Thread(this::run, "authbridge-access-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one line, written within the flush interval; dropped (and counted) when the queue is full. */
    void write(long epochMillis, String line) {
        if (closed) {
            synchronized (this) {
                append(new Entry(epochMillis, line));
                flushBatch();
            }
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.offer(new Entry(epochMillis, line));
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, intervalNanos);
            drain();
        }
    }

    /** Writes every queued line, in the order they were queued, in one write. */
    synchronized void drain() {
        Entry entry;
        while ((entry = queue.poll()) != null) {
            queued.decrementAndGet();
            append(entry);
        }
        flushBatch();
    }

    private void append(Entry entry) {
        long second = Math.floorDiv(entry.epochMillis(), 1000);
        if (second != cachedSecond) {
            Instant instant = Instant.ofEpochSecond(second);
            cachedPrefix = (SECOND.format(instant) + ".").getBytes(StandardCharsets.US_ASCII);
            cachedOffset = OFFSET.format(instant).getBytes(StandardCharsets.US_ASCII);
            cachedSecond = second;
        }
        int millis = (int) Math.floorMod(entry.epochMillis(), 1000);
        batch.writeBytes(cachedPrefix);
        batch.write('0' + millis / 100);
        batch.write('0' + millis / 10 % 10);
        batch.write('0' + millis % 10);
        batch.writeBytes(cachedOffset);
        batch.writeBytes(LEVEL_AND_LOGGER);
        batch.writeBytes(entry.line().getBytes(StandardCharsets.UTF_8));
        batch.write('\n');
        batchLines++;
    }

    private void flushBatch() {
        if (batch.size() == 0) {
            return;
        }
        try {
            OutputStream out = output.get();
            batch.writeTo(out);
            out.flush();
        }
        catch (IOException ex) {
            // standard output is gone: nothing else can be told; the lines are lost like a full queue's
            dropped.increment(batchLines);
        }
        finally {
            batch.reset();
            batchLines = 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        drain();
    }

    private record Entry(long epochMillis, String line) {
    }
}
