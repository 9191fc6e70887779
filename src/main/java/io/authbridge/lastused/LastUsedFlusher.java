package io.authbridge.lastused;

import java.time.Duration;

import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Flushes the {@link LastUsedBuffer} every interval, and once more when the instance stops. */
final class LastUsedFlusher implements SmartLifecycle {

    private final LastUsedBuffer buffer;

    private final Duration interval;

    private volatile Disposable schedule;

    LastUsedFlusher(LastUsedBuffer buffer, Duration interval) {
        this.buffer = buffer;
        this.interval = interval;
    }

    @Override
    public void start() {
        schedule = Flux.interval(interval, interval).onBackpressureDrop().concatMap(tick -> buffer.flush(), 1).subscribe();
    }

    @Override
    public void stop() {
        Disposable current = schedule;
        if (current != null) {
            current.dispose();
        }
        // the last notes of this instance; the store may be gone, then they are lost (they are only hints)
        buffer.flush().block(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        Disposable current = schedule;
        return current != null && !current.isDisposed();
    }

    /** Before the connection pool closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
