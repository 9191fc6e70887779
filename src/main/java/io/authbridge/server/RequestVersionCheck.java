package io.authbridge.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import reactor.netty.NettyPipeline;

/**
 * Marks a request whose line names an HTTP version other than 1.0 and 1.1 ({@code HTTP/1.2}, {@code HTTP/2.0} or
 * {@code HTTP/3.0} on a cleartext HTTP/1 connection), which the HTTP server would otherwise serve as HTTP/1.x or
 * refuse bare: the request is read on as HTTP/1.1 with {@link #UNSUPPORTED_HEADER}, which
 * {@link UnsupportedVersionWebFilter} answers 505 in the default dialect, before any handler. The header is
 * removed from every request first, so a client cannot send it.
 */
final class RequestVersionCheck extends ChannelInboundHandlerAdapter {

    static final String NAME = "authbridge.requestVersionCheck";

    /** Names the version a request was sent with, from this handler to {@link UnsupportedVersionWebFilter}. */
    static final String UNSUPPORTED_HEADER = "X-AuthBridge-Unsupported-Version";

    private static final RequestVersionCheck INSTANCE = new RequestVersionCheck();

    private RequestVersionCheck() {
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    /** Adds the check right after the HTTP/1.1 codec of a new connection; a pipeline without one is left alone. */
    static void install(Channel channel) {
        if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
            channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            request.headers().remove(UNSUPPORTED_HEADER);
            HttpVersion version = request.protocolVersion();
            if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
                request.setProtocolVersion(HttpVersion.HTTP_1_1);
                request.headers().set(UNSUPPORTED_HEADER, version.text());
            }
        }
        super.channelRead(ctx, msg);
    }
}
