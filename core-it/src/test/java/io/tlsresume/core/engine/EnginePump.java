package io.tlsresume.core.engine;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** Two engines talking through memory: what a server loop does, without a socket. */
final class EnginePump {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final SSLEngine client;
    final SSLEngine server;
    /** Bytes the client wrote that the server has not taken yet (read mode). */
    ByteBuffer toServer = ByteBuffer.allocate(0);
    /** Bytes the server wrote that the client has not taken yet (read mode). */
    ByteBuffer toClient = ByteBuffer.allocate(0);

    EnginePump(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    /** The client's first flight: its ClientHello records. */
    byte[] clientHello() throws SSLException {
        client.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        client.wrap(EMPTY, out);
        runTasks(client);
        byte[] hello = new byte[out.flip().remaining()];
        out.get(hello);
        return hello;
    }

    /** Runs both sides until neither moves; throws what either side throws. */
    void run() throws SSLException {
        for (int i = 0; i < 100; i++) {
            boolean moved = step(client, true) | step(server, false);
            if (!moved) {
                return;
            }
        }
        throw new AssertionError("the handshake did not settle in 100 rounds");
    }

    private boolean step(SSLEngine engine, boolean isClient) throws SSLException {
        boolean moved = false;
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        SSLEngineResult wrapped = engine.wrap(EMPTY, out);
        runTasks(engine);
        if (wrapped.bytesProduced() > 0) {
            out.flip();
            if (isClient) {
                toServer = append(toServer, out);
            } else {
                toClient = append(toClient, out);
            }
            moved = true;
        }
        ByteBuffer in = isClient ? toClient : toServer;
        if (in.hasRemaining()) {
            SSLEngineResult unwrapped = engine.unwrap(in, ByteBuffer.allocate(1 << 17));
            runTasks(engine);
            moved |= unwrapped.bytesConsumed() > 0 || unwrapped.bytesProduced() > 0;
        }
        return moved;
    }

    static ByteBuffer append(ByteBuffer pending, ByteBuffer more) {
        ByteBuffer all = ByteBuffer.allocate(pending.remaining() + more.remaining());
        all.put(pending).put(more).flip();
        return all;
    }

    static void runTasks(SSLEngine engine) {
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }
    }
}
