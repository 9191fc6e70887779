package io.authbridge.upstream;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

/**
 * Where each request and response starts and ends on one HTTP/1.1 upstream connection, and the rule that follows:
 * an upstream speaks only when spoken to. Reactor Netty's client takes whatever response comes next on a pooled
 * connection as the answer to the request it has just written, so an upstream that answered one request twice (or
 * sent more body than its {@code Content-Length}, or a {@code 103} the client took for the final response) had its
 * extra answer served to the next request on that connection: another client's. Here, as nginx's upstream keepalive
 * does, a connection that delivers any byte while no request of ours is outstanding on it is closed at once and
 * never reused; the extra bytes reach nobody, and the response that was complete still reaches its own client.
 * Interim responses other than {@code 100 Continue} (which Reactor Netty waits past) and {@code 101} are dropped, as
 * Envoy drops them, so that the client receives the final response.
 * <p>
 * Two handlers for the connection's life, on its event loop: one before the HTTP codec sees the raw reads, one after
 * it the requests written and the responses decoded. A request is outstanding from its head written until its final
 * response's last part is read. That part is held until the read that brought it ends: bytes after it in the same
 * read were sent before any next request could be, so they close the connection, and an empty line sent through the
 * codec then finishes any head those bytes left half-decoded in it, which closes it too.
 * <p>
 * Reads while idle: Reactor Netty turns reads on when it pools a connection, but the receiver of the exchange that
 * just ended turns them off again while its client is slow to take the body, and the next exchange turns them off
 * from the moment it takes the connection until its head is written. So an idle connection whose reads are off gets
 * one read armed, and before a reused connection carries a request the event loop reads once more: bytes that came
 * unread while idle then close it and fail that request, unsent, instead of being read as its answer.
 * <p>
 * A {@code 101} to a WebSocket handshake hands the connection to Reactor Netty's WebSocket, which never pools it;
 * a {@code 101} to any other request, or a {@code CONNECT} answered {@code 2xx}, leaves a connection speaking another
 * protocol, closed after its answer instead of pooled. The response deadline of the fast path ({@link
 * ResponseDeadline}) follows the same exchanges as an {@link Observer}. A connection without the HTTP/1.1 codec when
 * it is set up (HTTP/2, where each response belongs to a stream of its own) is left alone.
 */
final class Http1Exchanges {

    private static final Logger log = LoggerFactory.getLogger(Http1Exchanges.class);

    private static final AttributeKey<Http1Exchanges> KEY = AttributeKey.valueOf(Http1Exchanges.class.getName());

    private static final String BYTES = "authbridge.http1Exchanges.bytes";

    private static final String MESSAGES = "authbridge.http1Exchanges.messages";

    /** An empty line: skipped by the response decoder between responses, and the end of any head it holds unfinished. */
    private static final byte[] EMPTY_LINES = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the exchanges tell the response deadline. */
    interface Observer {

        /** The context before the codec, where a read timeout is fired from. */
        void attached(ChannelHandlerContext beforeCodec);

        void requestStarted(HttpRequest request);

        /** The request's last part is written. */
        void requestSent();

        /** The request's final response has been read to its end, or switched the connection to another protocol. */
        void answered();

        /** Bytes arrive (before the codec). */
        void reading();

        /** A read ends. */
        void readComplete();

        /** The connection ends, or the handlers are removed. */
        void stopped();
    }

    private enum Phase {
        /** No request of ours outstanding: a new connection, or the last request's final response read whole. */
        IDLE,
        /** A request's head is written; its final response is not yet read to its end. */
        OUTSTANDING,
        /** The final response's last part was read in the read still under way, and is held until it ends. */
        ENDING,
        /** Reactor Netty's WebSocket has the connection (never pooled): nothing is watched. */
        SWITCHED,
        /** Closed by this guard. */
        CLOSED
    }

    private final UpstreamDesyncs desyncs;

    private final Bytes bytes = new Bytes();

    private final Messages messages = new Messages();

    private Observer observer;

    private Phase phase = Phase.IDLE;

    /** An exchange has ended on this connection: it came from the pool. */
    private boolean reused;

    private boolean tunnelRequest;

    private boolean webSocketRequest;

    private boolean finalResponseStarted;

    /** A dropped interim response's (empty) last part is still to come. */
    private boolean droppingInterim;

    /** Between a read's bytes and its end. */
    private boolean inRead;

    /** The final response's last part, held until the read that brought it ends. */
    private LastHttpContent heldLast;

    /** Writes held (with their promises) while the event loop reads once before a reused connection's request. */
    private Queue<Object> heldWrites;

    private boolean heldFlush;

    /** The answer under way ends the connection's HTTP: whatever follows it is expected, and dropped unread. */
    private boolean closeAfterAnswer;

    private Http1Exchanges(UpstreamDesyncs desyncs) {
        this.desyncs = desyncs;
    }

    /** {@code client} with the exchanges followed, and the rule kept, on each of its HTTP/1.1 connections. */
    static HttpClient on(HttpClient client, UpstreamDesyncs desyncs) {
        return client.doOnChannelInit((connectionObserver, channel, remoteAddress) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                Http1Exchanges exchanges = new Http1Exchanges(desyncs);
                channel.pipeline().addBefore(NettyPipeline.HttpCodec, BYTES, exchanges.bytes);
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, MESSAGES, exchanges.messages);
                channel.attr(KEY).set(exchanges);
            }
        });
    }

    /** The exchanges of {@code channel}, or null when it has none (no HTTP/1.1 codec when it was set up). */
    static Http1Exchanges of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** Tells {@code observer} of every exchange from now on. */
    void observe(Observer observer) {
        this.observer = observer;
        if (bytes.context != null) {
            observer.attached(bytes.context);
        }
    }

    /** The upstream said something while no request was outstanding: the connection is closed, never reused. */
    private void poisoned(Channel channel, String what) {
        if (phase == Phase.CLOSED || closeAfterAnswer) {
            return;
        }
        phase = Phase.CLOSED;
        desyncs.closed(channel, what);
        channel.close();
    }

    /** The read that brought the final response's end is over: the response goes on, the connection idles or closes. */
    private void endExchange() {
        LastHttpContent last = heldLast;
        heldLast = null;
        if (phase == Phase.ENDING && !closeAfterAnswer) {
            // completes any head the codec holds unfinished from bytes after the response: those close the connection
            bytes.context.fireChannelRead(Unpooled.wrappedBuffer(EMPTY_LINES));
        }
        if (phase == Phase.ENDING && closeAfterAnswer) {
            // a tunnel: closed once its answer is through, never pooled
            phase = Phase.CLOSED;
            bytes.context.channel().close();
        }
        else if (phase == Phase.ENDING) {
            phase = Phase.IDLE;
            reused = true;
        }
        messages.context.fireChannelRead(last);
        Channel channel = bytes.context.channel();
        if (phase == Phase.IDLE && heldWrites == null && !channel.config().isAutoRead()) {
            // keep reading while idle: whatever comes now closes the connection before anyone takes it from the pool
            channel.read();
        }
    }

    /** The event loop has read once since a reused connection's request was held: it goes out now, or fails. */
    private void endReadRound() {
        Queue<Object> writes = heldWrites;
        heldWrites = null;
        boolean flush = heldFlush;
        heldFlush = false;
        ChannelHandlerContext ctx = messages.context;
        if (phase != Phase.IDLE || !ctx.channel().isActive()) {
            ClosedChannelException closed = new ClosedChannelException();
            for (Object msg; (msg = writes.poll()) != null; ) {
                ChannelPromise promise = (ChannelPromise) writes.poll();
                ReferenceCountUtil.release(msg);
                promise.tryFailure(closed);
            }
            return;
        }
        for (Object msg; (msg = writes.poll()) != null; ) {
            messages.pass(ctx, msg, (ChannelPromise) writes.poll());
        }
        if (flush) {
            ctx.flush();
        }
    }

    /** Before the codec: the raw bytes, and where each read ends. */
    private final class Bytes extends ChannelDuplexHandler {

        private ChannelHandlerContext context;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
            if (observer != null) {
                observer.attached(ctx);
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (observer != null) {
                observer.stopped();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (phase == Phase.SWITCHED) {
                reading();
                ctx.fireChannelRead(msg);
                return;
            }
            if (phase == Phase.OUTSTANDING) {
                reading();
                inRead = true;
                ctx.fireChannelRead(msg);
                return;
            }
            if (phase != Phase.CLOSED && (!(msg instanceof ByteBuf buffer) || buffer.isReadable())) {
                poisoned(ctx.channel(), phase == Phase.ENDING ? "bytes after the response" : "bytes");
            }
            ReferenceCountUtil.release(msg);
        }

        private void reading() {
            if (observer != null) {
                observer.reading();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inRead = false;
            if (heldLast != null) {
                endExchange();
            }
            if (observer != null) {
                observer.readComplete();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (heldLast != null) {
                endExchange();
            }
            if (observer != null) {
                observer.stopped();
            }
            super.channelInactive(ctx);
        }
    }

    /** After the codec: the requests written and the responses read. */
    private final class Messages extends ChannelDuplexHandler {

        private ChannelHandlerContext context;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (heldWrites != null) {
                heldWrites.add(msg);
                heldWrites.add(promise);
                return;
            }
            if (msg instanceof HttpRequest && phase == Phase.IDLE && reused) {
                // the event loop reads once before this request goes out: anything that arrived unread while the
                // connection idled is found now, not taken for this request's answer
                heldWrites = new ArrayDeque<>();
                heldWrites.add(msg);
                heldWrites.add(promise);
                ctx.read();
                // scheduled, not executed: a task queued now could still run before the loop's next read
                ctx.executor().schedule(Http1Exchanges.this::endReadRound, 0, TimeUnit.NANOSECONDS);
                return;
            }
            pass(ctx, msg, promise);
        }

        void pass(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpRequest request && phase == Phase.IDLE) {
                phase = Phase.OUTSTANDING;
                finalResponseStarted = false;
                tunnelRequest = HttpMethod.CONNECT.equals(request.method());
                webSocketRequest = request.headers()
                    .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
                closeAfterAnswer = false;
                if (observer != null) {
                    observer.requestStarted(request);
                }
            }
            if (msg instanceof LastHttpContent && observer != null) {
                observer.requestSent();
            }
            ctx.write(msg, promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (heldWrites != null) {
                heldFlush = true;
                return;
            }
            ctx.flush();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            switch (phase) {
                case SWITCHED -> ctx.fireChannelRead(msg);
                case OUTSTANDING -> response(ctx, msg);
                case CLOSED -> ReferenceCountUtil.release(msg);
                default -> {
                    poisoned(ctx.channel(), msg instanceof HttpResponse ? "another response" : "bytes after the response");
                    ReferenceCountUtil.release(msg);
                }
            }
        }

        private void response(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse response && response.decoderResult().isSuccess()) {
                int status = response.status().code();
                if (status == HttpResponseStatus.SWITCHING_PROTOCOLS.code() && webSocketRequest) {
                    // Reactor Netty's WebSocket takes the connection over, and never pools it
                    phase = Phase.SWITCHED;
                    answered();
                }
                else if (status >= 200 || status == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                    finalResponseStarted = true;
                    // a tunnel, or another protocol than the client's: closed after its answer, never pooled
                    closeAfterAnswer = tunnelRequest && status < 300
                            || status == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
                }
                else if (status != HttpResponseStatus.CONTINUE.code()) {
                    // an interim response other than 100 Continue (which Reactor Netty waits past) is dropped with
                    // the empty last part the codec gives every 1xx: the client receives the final response
                    log.debug("Dropped an interim {} response from the upstream on {}", status, ctx.channel());
                    droppingInterim = true;
                    ReferenceCountUtil.release(msg);
                    return;
                }
            }
            if (msg instanceof LastHttpContent last) {
                if (droppingInterim) {
                    droppingInterim = false;
                    ReferenceCountUtil.release(msg);
                    // as Reactor Netty does past a 100 Continue: with reads paused, its read was spent on the interim
                    ctx.read();
                    return;
                }
                if (finalResponseStarted) {
                    answered();
                    if (inRead) {
                        phase = Phase.ENDING;
                        heldLast = last;
                        return;
                    }
                    // the response ended with the connection (decoded when it closed): nothing can follow it
                    phase = Phase.IDLE;
                }
            }
            ctx.fireChannelRead(msg);
        }

        private void answered() {
            if (observer != null) {
                observer.answered();
            }
        }
    }
}
