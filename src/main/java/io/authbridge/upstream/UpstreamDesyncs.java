package io.authbridge.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells of each upstream connection {@link Http1Exchanges} closed because the upstream said something while no
 * request was outstanding on it: one WARN line (the connection's addresses and what arrived, never a header value or
 * a body byte) and the counter {@code authbridge.upstream.desyncs}. Such an upstream answered some request twice, or
 * framed a body wrongly: the response its client received was whole, but the upstream deserves a look.
 */
final class UpstreamDesyncs {

    private static final Logger log = LoggerFactory.getLogger(UpstreamDesyncs.class);

    private final Counter closed;

    UpstreamDesyncs(MeterRegistry registry) {
        this.closed = Counter.builder("authbridge.upstream.desyncs")
            .description("Upstream connections closed because the upstream sent bytes while no request was outstanding on them")
            .register(registry);
    }

    /** {@code channel} is being closed for {@code what} (a few words) arriving while no request was outstanding. */
    void closed(Channel channel, String what) {
        closed.increment();
        log.warn("Closed the upstream connection {} -> {}: {} arrived while no request was outstanding on it; "
                + "dropped unread, and the connection is not reused",
                channel.localAddress(), channel.remoteAddress(), what);
    }
}
