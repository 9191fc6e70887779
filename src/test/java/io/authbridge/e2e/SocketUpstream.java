package io.authbridge.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain server socket of 127.0.0.1, for what an HTTP library would not let a test upstream do: it
 * accepts connections, counts them and serves each on a daemon thread of its own ({@link #serve}).
 */
abstract class SocketUpstream implements AutoCloseable {

    private final ServerSocket server;

    private final String name;

    private final AtomicInteger connections = new AtomicInteger();

    /** On {@code port} (0: any free one); nothing is accepted before {@link #started}. */
    SocketUpstream(int port, String name) throws IOException {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.name = name;
    }

    /** Serves one accepted connection, on a thread of its own; closes it when done. */
    abstract void serve(Socket socket);

    @SuppressWarnings("unchecked")
    final <T extends SocketUpstream> T started() {
        daemon(name, this::accept);
        return (T) this;
    }

    final int port() {
        return server.getLocalPort();
    }

    final int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                daemon(name + "-connection", () -> serve(socket));
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
