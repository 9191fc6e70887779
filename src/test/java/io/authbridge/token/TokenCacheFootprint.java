package io.authbridge.token;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

/**
 * Memory benchmark, not a test (verify does not run it): fills a {@link TokenCache} with the shipped
 * bounds through its real loading path and reports retained heap bytes per cached record, measured with
 * {@link MemoryMXBean} after full collections. Records are shaped as the store returns them: every UUID a
 * fresh object, as R2DBC decodes each row. Run with {@code bench/memory.sh} (heap capped at 512 MiB).
 *
 * <pre>java -Xmx512m [-Dfootprint.histogram=true] -cp ... io.authbridge.token.TokenCacheFootprint [records]</pre>
 */
public final class TokenCacheFootprint {

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        TokenHasher hasher = new TokenHasher("footprint-pepper-0123456789".getBytes(StandardCharsets.UTF_8));
        UUID organization = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        Instant expires = Instant.now().plus(Duration.ofDays(365));
        TokenStore store = new RecordingStore(organization, project, expires);
        TokenCacheProperties properties = new TokenCacheProperties(Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Math.max(count, 1));
        long before = usedAfterGc();
        TokenCache cache = new TokenCache(store, properties, Ticker.systemTicker(), Runnable::run, Clock.systemUTC());
        long started = System.nanoTime();
        char[] secret = new char[40];
        for (int i = 0; i < count; i++) {
            fill(secret);
            if (cache.find(hasher.hash(new String(secret))).block() == null) {
                throw new IllegalStateException("record " + i + " was not cached");
            }
        }
        long fillMillis = (System.nanoTime() - started) / 1_000_000;
        long after = usedAfterGc();
        long size = cache.estimatedSize();
        long bytes = after - before;
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("records cached:     %,d (estimated size %,d) in %,d ms%n", count, size, fillMillis);
        System.out.printf("retained heap:      %,d bytes = %.1f MiB%n", bytes, bytes / 1048576.0);
        System.out.printf("bytes per record:   %.1f%n", (double) bytes / size);
        System.out.printf("max heap (-Xmx):    %.1f MiB; used after GC %.1f MiB%n", runtime.maxMemory() / 1048576.0,
                after / 1048576.0);
        if (Boolean.getBoolean("footprint.histogram")) {
            // what the bytes are: the classes taking the most heap, while the cache is still reachable
            System.out.println(histogram().lines().limit(20).collect(java.util.stream.Collectors.joining("\n")));
        }
        // keep the cache reachable until the measurement is done
        if (cache.estimatedSize() < 0) {
            System.out.println(cache);
        }
    }

    private static String histogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] { null }, new String[] { String[].class.getName() });
        }
        catch (javax.management.JMException ex) {
            return "no class histogram: " + ex;
        }
    }

    private static void fill(char[] secret) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < secret.length; i++) {
            int c = random.nextInt(62);
            secret[i] = (char) (c < 10 ? '0' + c : c < 36 ? 'A' + c - 10 : 'a' + c - 36);
        }
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A store that knows every token: an API key of one project, with fresh UUID objects per row. */
    private record RecordingStore(UUID organization, UUID project, Instant expires) implements TokenStore {

        @Override
        public Mono<TokenRecord> findByHash(String secretHash) {
            return Mono.just(new TokenRecord(UUID.randomUUID(), TokenKind.ACCESS, copy(organization), copy(project),
                    null, Scope.CLIENT.bit(), Permission.ALL, false, expires, Set.of(), false, true));
        }

        @Override
        public Mono<ProjectRecord> findProject(UUID projectId) {
            return Mono.empty();
        }

        private static UUID copy(UUID id) {
            return new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
        }
    }
}
