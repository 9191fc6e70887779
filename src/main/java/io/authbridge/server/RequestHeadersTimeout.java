package io.authbridge.server;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;

/**
 * Closes a connection whose request line and headers are not complete within a bound: the slow-loris defence
 * that neither Reactor Netty's idle timeout (reset by every byte a trickling client sends) nor its read and
 * request timeouts (armed only once the headers are in) give. One instance per connection, as two handlers
 * around the HTTP codec on the connection's event loop: {@link #start} before it sees the raw bytes and starts
 * the clock on the first byte of a request (and when the connection opens), {@link #done} after it sees the
 * decoded request and stops it; the response's last part ends the request, so the next byte starts the clock
 * again. An idle kept-alive connection is left to {@code server.netty.idle-timeout}; a connection switched to
 * another protocol (a {@code 101} after which the codec has left the pipeline) is left alone, one that answered
 * {@code 101} but still speaks HTTP/1.1 is not. The clock is a deadline and one
 * timer per connection that is rescheduled only when it fires early, not a timer scheduled and cancelled per request.
 */
final class RequestHeadersTimeout {

    static final String START = "authbridge.requestHeadersTimeout.start";

    static final String DONE = "authbridge.requestHeadersTimeout.done";

    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final long nanos;

    private final Counter timeouts;

    /** Whether a request is under way (its first byte has arrived, its response is not finished). */
    private boolean inRequest;

    /** Whether any byte of the request under way has arrived. */
    private boolean bytesArrived;

    /** Whether the clock runs: from a request's first byte (or the connection's opening) until its head is decoded. */
    private boolean armed;

    /** When the running clock ends ({@link System#nanoTime}). */
    private long deadline;

    /**
     * The timer: scheduled when the clock starts and none is pending, left pending when it stops, and rescheduled
     * for what remains when it finds a later deadline, so that a request costs no timer of its own.
     */
    private ScheduledFuture<?> clock;

    /** The context before the codec, where the timeout answers from. */
    private ChannelHandlerContext raw;

    /** The HTTP/1.1 codec: once it has left the pipeline the connection speaks another protocol. */
    private final ChannelHandler codec;

    /**
     * A {@code 101} has been written: the connection switches if the codec leaves the pipeline (a WebSocket, h2c), and
     * is still HTTP/1.1 if it stays (a {@code 101} the gateway passed on from an upstream to a request it did not
     * switch).
     */
    private boolean switchWritten;

    private RequestHeadersTimeout(long nanos, Counter timeouts, ChannelHandler codec) {
        this.nanos = nanos;
        this.timeouts = timeouts;
        this.codec = codec;
    }

    /** Adds the two handlers around the HTTP/1.1 codec of a new connection; a pipeline without one is left alone. */
    static void install(Channel channel, long nanos, Counter timeouts) {
        ChannelHandlerContext codec = codec(channel);
        if (codec == null) {
            return;
        }
        RequestHeadersTimeout timeout = new RequestHeadersTimeout(nanos, timeouts, codec.handler());
        channel.pipeline().addBefore(codec.name(), START, timeout.start);
        channel.pipeline().addAfter(codec.name(), DONE, timeout.done);
    }

    /**
     * The HTTP/1.1 codec of a new connection, or null: Reactor Netty's {@link NettyPipeline#HttpCodec} on an HTTP/1.1
     * port, and a codec of a generated name on a port that also takes h2c ({@code server.http2.enabled} without TLS),
     * where the deadline and the head check were once left out altogether.
     */
    static ChannelHandlerContext codec(Channel channel) {
        return channel.pipeline().context(HttpServerCodec.class);
    }

    private final ChannelInboundHandlerAdapter start = new ChannelInboundHandlerAdapter() {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            raw = ctx;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            arm(ctx);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (switchWritten) {
                switchWritten = false;
                if (switched(ctx)) {
                    // the first bytes of the other protocol: never a request head to time
                    leave(ctx);
                    ctx.fireChannelRead(msg);
                    return;
                }
            }
            if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                bytesArrived = true;
                if (!inRequest) {
                    inRequest = true;
                    arm(ctx);
                }
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            stopForGood();
            super.channelInactive(ctx);
        }
    };

    private final ChannelDuplexHandler done = new ChannelDuplexHandler() {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpObject) {
                // the request's head has been decoded (or content of a request whose head was)
                disarm();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            boolean switching = msg instanceof HttpResponse response
                    && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
            if (msg instanceof LastHttpContent) {
                inRequest = false;
                bytesArrived = false;
            }
            if (switching) {
                switchWritten = true;
            }
            super.write(ctx, msg, promise);
        }
    };

    /**
     * Whether the connection has switched to another protocol: its HTTP/1.1 codec has left the pipeline (Reactor
     * Netty's WebSocket handshake removes it once its {@code 101} is written, the h2c upgrade as it writes its own).
     * A {@code 101} alone says nothing: the gateway passes on an upstream's {@code 101} to a request that asked for
     * no upgrade, and the connection goes on speaking HTTP/1.1, its next request heads as slow as a client likes.
     */
    private boolean switched(ChannelHandlerContext ctx) {
        return ctx.pipeline().context(codec) == null;
    }

    /**
     * After a switch to another protocol (a WebSocket, h2c): what the client sends from then on are its frames, never
     * a request head to time, so the clock stops for good and both handlers leave the pipeline.
     */
    private void leave(ChannelHandlerContext ctx) {
        stopForGood();
        ctx.pipeline().remove(start);
        ctx.pipeline().remove(done);
    }

    private void arm(ChannelHandlerContext ctx) {
        armed = true;
        deadline = System.nanoTime() + nanos;
        if (clock == null) {
            clock = ctx.executor().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void disarm() {
        armed = false;
    }

    /** Stops the clock and its timer: the connection has closed or left HTTP/1.1. */
    private void stopForGood() {
        disarm();
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
    }

    private void check() {
        clock = null;
        if (!armed) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            clock = raw.executor().schedule(this::check, left, TimeUnit.NANOSECONDS);
            return;
        }
        armed = false;
        if (switched(raw)) {
            // switched while the clock ran (bytes of the other protocol read before the codec left): no HTTP to answer
            leave(raw);
            return;
        }
        expire(raw);
    }

    private void expire(ChannelHandlerContext raw) {
        if (!raw.channel().isActive()) {
            return;
        }
        timeouts.increment();
        if (bytesArrived && raw.channel().isWritable()) {
            // written below the codec: the client gets a complete answer, whatever the codec's state
            raw.writeAndFlush(Unpooled.wrappedBuffer(REQUEST_TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        }
        else {
            raw.close();
        }
    }
}
