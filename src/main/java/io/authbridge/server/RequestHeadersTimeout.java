package io.authbridge.server;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
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
 * another protocol ({@code 101}) is left alone. The clock is a deadline and one
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

    private RequestHeadersTimeout(long nanos, Counter timeouts) {
        this.nanos = nanos;
        this.timeouts = timeouts;
    }

    /** Adds the two handlers around the HTTP/1.1 codec of a new connection; a pipeline without one is left alone. */
    static void install(Channel channel, long nanos, Counter timeouts) {
        if (channel.pipeline().get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        RequestHeadersTimeout timeout = new RequestHeadersTimeout(nanos, timeouts);
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, START, timeout.start);
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, DONE, timeout.done);
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
            disarm();
            if (clock != null) {
                clock.cancel(false);
                clock = null;
            }
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
            super.write(ctx, msg, promise);
            if (switching) {
                leave(ctx);
            }
        }
    };

    /**
     * After a {@code 101 Switching Protocols} the connection speaks another protocol (a WebSocket, h2c): what the
     * client sends from then on are its frames, never a request head to time, so the clock stops for good and both
     * handlers leave the pipeline.
     */
    private void leave(ChannelHandlerContext ctx) {
        disarm();
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
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
