package io.tlsresume.testkit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.tlsresume.core.engine.ObservedSslEngine;
import io.tlsresume.core.engine.ServerTlsContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A minimal TLS server for core tests, independent of Jetty and Tomcat: each connection gets an
 * engine from a {@link ServerTlsContext}; any request is answered with the {@link Echo} line
 * naming the node and what the server saw ({@code node=A resumed=true protocol=TLSv1.3
 * peer=none}), then closed. {@code peer} is the client's certificate chain as the engine reports
 * it: {@code none}, or the count and SHA-256 of its certificates ({@link #peerFact}).
 */
public final class NettyTestServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Channel channel;

    public NettyTestServer(String nodeId, ServerTlsContext context) throws InterruptedException {
        this(nodeId, context::newEngine);
    }

    /**
     * A server whose engine per connection comes from {@code engines} (peer host, peer port),
     * e.g. {@code ServerTlsContext.newEngine(host, port, selector)}.
     */
    public NettyTestServer(String nodeId, BiFunction<String, Integer, ObservedSslEngine> engines)
            throws InterruptedException {
        this(nodeId, engines, new InetSocketAddress("127.0.0.1", 0));
    }

    /**
     * A server on {@code bind} (a host's own address and a fixed port, for a node on a network
     * host that a balancer names by address and port across restarts).
     */
    public NettyTestServer(String nodeId, BiFunction<String, Integer, ObservedSslEngine> engines,
            InetSocketAddress bind) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ObservedSslEngine engine = engines.apply(
                                ch.remoteAddress().getHostString(), ch.remoteAddress().getPort());
                        ch.pipeline().addLast(new SslHandler(engine));
                        ch.pipeline().addLast(new Responder(nodeId, engine));
                    }
                });
        channel = bootstrap.bind(bind).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * {@code peer=none} without a client certificate, else {@code peer=<count>:<sha-256 hex>}
     * over the DER encodings of the client's chain in order.
     */
    public static String peerFact(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return "peer=none";
        }
        return "peer=" + chain.length + ":" + chainDigest(Arrays.asList(chain));
    }

    /** SHA-256 hex over the DER encodings of {@code chain} in order. */
    public static String chainDigest(List<? extends Certificate> chain) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            for (var certificate : chain) {
                sha.update(certificate.getEncoded());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Responder extends SimpleChannelInboundHandler<ByteBuf> {
        private final String nodeId;
        private final ObservedSslEngine engine;
        private final StringBuilder request = new StringBuilder();

        Responder(String nodeId, ObservedSslEngine engine) {
            this.nodeId = nodeId;
            this.engine = engine;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            request.append(msg.toString(StandardCharsets.US_ASCII));
            if (request.indexOf("\r\n\r\n") < 0) {
                return;
            }
            String body = Echo.body(nodeId, engine.resumed(),
                    engine.getSession().getProtocol(), peerFact(engine.getSession()));
            String response = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body;
            ctx.writeAndFlush(Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
