package io.authbridge.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AttributeKey;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

/**
 * {@code authbridge.upstream.response-timeout}: how long the upstream may stay silent once a request is sent, until
 * its response has been read. Reactor Netty's {@code responseTimeout}, which the gateway's way uses, adds a
 * {@code ReadTimeoutHandler} to the connection after every request and removes it after every response: two changes
 * of the pipeline and a timer scheduled and cancelled, per request. Here the same deadline is kept by two handlers
 * that stay on an HTTP/1.1 connection for its life: one before the HTTP codec, where the Reactor Netty handler sits,
 * notes when bytes were last read; one after it sees where each request and response ends. A request is watched from
 * the moment its last part is written (when Reactor Netty would add its handler) until the last part of its final
 * response is read (when the handler would be removed; a {@code 1xx} response is not final, a {@code 101} ends the
 * watch of its request, a response read whole before the request was sent leaves nothing to watch, and a WebSocket
 * handshake is not watched, as Reactor Netty does not time it); the timer runs only while a request is watched and is rescheduled, as Netty's idle handlers do,
 * from the last read. A silence of the full timeout fails the request with the same {@link ReadTimeoutException},
 * fired from the same place, and closes the connection. A connection without the HTTP/1.1 codec when it is set up
 * (HTTP/2) gets Reactor Netty's own timeout on each request instead. Part of the fast path
 * ({@link FastPathProperties}).
 */
final class ResponseDeadline {

    private static final AttributeKey<ResponseDeadline> KEY = AttributeKey.valueOf(ResponseDeadline.class.getName());

    private static final String CLOCK = "authbridge.responseDeadline.clock";

    private static final String WATCH = "authbridge.responseDeadline.watch";

    private final long timeoutNanos;

    /** The context of the handler before the codec: where a timeout is fired from. */
    private ChannelHandlerContext clock;

    private ScheduledFuture<?> check;

    private boolean watching;

    private boolean reading;

    private long lastRead;

    /** The current request's final response (not a 1xx) has begun. */
    private boolean finalResponseStarted;

    /** The current request's answer has been read to its end (or switched the connection to another protocol). */
    private boolean answered;

    /** The current request is a WebSocket handshake. */
    private boolean unwatched;

    private ResponseDeadline(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** {@code client} with the deadline on each of its requests. */
    static HttpClient on(HttpClient client, Duration timeout) {
        long nanos = timeout.toNanos();
        return client
            .doOnChannelInit((observer, channel, remoteAddress) -> {
                ChannelPipeline pipeline = channel.pipeline();
                if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                    ResponseDeadline deadline = new ResponseDeadline(nanos);
                    pipeline.addBefore(NettyPipeline.HttpCodec, CLOCK, deadline.new Clock());
                    pipeline.addAfter(NettyPipeline.HttpCodec, WATCH, deadline.new Watch());
                    channel.attr(KEY).set(deadline);
                }
            })
            .doOnRequest((request, connection) -> {
                if (!connection.channel().hasAttr(KEY)) {
                    request.responseTimeout(timeout);
                }
            });
    }

    private void requestStarted(HttpRequest request) {
        finalResponseStarted = false;
        answered = false;
        // Reactor Netty times no WebSocket handshake (its WebSocket operations return before adding the handler)
        unwatched = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** The request's last part is written: watched from now, unless its answer has already been read whole. */
    private void requestSent() {
        if (unwatched || answered) {
            return;
        }
        watching = true;
        lastRead = System.nanoTime();
        if (check == null) {
            schedule(timeoutNanos);
        }
    }

    private void responseHead(HttpResponse response) {
        int status = response.status().code();
        if (status == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            // this request's answer: what follows is another protocol's; the next request is watched again
            answered = true;
            watching = false;
        }
        else if (status >= 200) {
            finalResponseStarted = true;
        }
    }

    private void responseEnded() {
        if (finalResponseStarted) {
            answered = true;
            watching = false;
        }
    }

    private void schedule(long delayNanos) {
        check = clock.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        check = null;
        if (!watching || !clock.channel().isOpen()) {
            return;
        }
        if (reading) {
            schedule(timeoutNanos);
            return;
        }
        long silent = System.nanoTime() - lastRead;
        if (silent < timeoutNanos) {
            schedule(timeoutNanos - silent);
            return;
        }
        watching = false;
        clock.fireExceptionCaught(ReadTimeoutException.INSTANCE);
        clock.close();
    }

    private void stop() {
        watching = false;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** Before the codec: when bytes arrive (as Netty's idle handlers count them: at the end of each read). */
    private final class Clock extends ChannelInboundHandlerAdapter {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            clock = ctx;
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            stop();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reading = true;
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (reading) {
                lastRead = System.nanoTime();
                reading = false;
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            stop();
            super.channelInactive(ctx);
        }
    }

    /** After the codec: where each request and response starts and ends. */
    private final class Watch extends ChannelDuplexHandler {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpRequest request) {
                requestStarted(request);
            }
            if (msg instanceof LastHttpContent) {
                requestSent();
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpResponse response) {
                responseHead(response);
            }
            if (msg instanceof LastHttpContent) {
                responseEnded();
            }
            ctx.fireChannelRead(msg);
        }
    }
}
