package io.authbridge.upstream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.netty.http.client.HttpClient;

/**
 * {@code authbridge.upstream.response-timeout}: how long the upstream may stay silent once a request is sent, until
 * its response has been read. Reactor Netty's {@code responseTimeout}, which the gateway's way uses, adds a
 * {@code ReadTimeoutHandler} to the connection after every request and removes it after every response: two changes
 * of the pipeline and a timer scheduled and cancelled, per request. Here the same deadline follows the connection's
 * exchanges as {@link Http1Exchanges} tracks them (the handler before the HTTP codec, where the Reactor Netty handler
 * sits, tells when bytes were last read; the one after it where each request and response ends). A request is watched
 * from the moment its last part is written (when Reactor Netty would add its handler) until the last part of its
 * final response is read (when the handler would be removed; an interim {@code 1xx} response is not final, a
 * {@code 101} ends the watch of its request, a response read whole before the request was sent leaves nothing to
 * watch, and a WebSocket handshake is not watched, as Reactor Netty does not time it); the timer runs only while a
 * request is watched and is rescheduled, as Netty's idle handlers do, from the last read. A silence of the full
 * timeout fails the request with the same {@link ReadTimeoutException}, fired from the same place, and closes the
 * connection. A connection without the HTTP/1.1 codec when it is set up (HTTP/2) gets Reactor Netty's own timeout
 * on each request instead. Part of the fast path ({@link FastPathProperties}).
 */
final class ResponseDeadline implements Http1Exchanges.Observer {

    private final long timeoutNanos;

    /** The context of the handler before the codec: where a timeout is fired from. */
    private ChannelHandlerContext clock;

    private ScheduledFuture<?> check;

    private boolean watching;

    private boolean reading;

    private long lastRead;

    /** The current request's answer has been read to its end (or switched the connection to another protocol). */
    private boolean answered;

    /** The current request is a WebSocket handshake. */
    private boolean unwatched;

    private ResponseDeadline(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** {@code client}, whose HTTP/1.1 connections have their {@link Http1Exchanges}, with the deadline on each request. */
    static HttpClient on(HttpClient client, Duration timeout) {
        long nanos = timeout.toNanos();
        return client
            .doOnChannelInit((observer, channel, remoteAddress) -> {
                Http1Exchanges exchanges = Http1Exchanges.of(channel);
                if (exchanges != null) {
                    exchanges.observe(new ResponseDeadline(nanos));
                }
            })
            .doOnRequest((request, connection) -> {
                if (Http1Exchanges.of(connection.channel()) == null) {
                    request.responseTimeout(timeout);
                }
            });
    }

    @Override
    public void attached(ChannelHandlerContext beforeCodec) {
        clock = beforeCodec;
    }

    @Override
    public void requestStarted(HttpRequest request) {
        answered = false;
        // Reactor Netty times no WebSocket handshake (its WebSocket operations return before adding the handler)
        unwatched = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** The request's last part is written: watched from now, unless its answer has already been read whole. */
    @Override
    public void requestSent() {
        if (unwatched || answered) {
            return;
        }
        watching = true;
        lastRead = System.nanoTime();
        if (check == null) {
            schedule(timeoutNanos);
        }
    }

    @Override
    public void answered() {
        answered = true;
        watching = false;
    }

    /** Bytes arrive (as Netty's idle handlers count them: the read ends at its read-complete). */
    @Override
    public void reading() {
        reading = true;
    }

    @Override
    public void readComplete() {
        if (reading) {
            lastRead = System.nanoTime();
            reading = false;
        }
    }

    @Override
    public void stopped() {
        watching = false;
        if (check != null) {
            check.cancel(false);
            check = null;
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
}
