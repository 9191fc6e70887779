package io.authbridge.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain server socket of 127.0.0.1, for what an HTTP library would not let a test upstream do: it
 * accepts connections, counts them and serves each on a daemon thread of its own ({@link #serve}).
 */
abstract class SocketUpstream implements AutoCloseable {

    private final ServerSocket server;

    private final String name;

    private final AtomicInteger connections = new AtomicInteger();

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

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
                open.add(socket);
                daemon(name + "-connection", () -> {
                    try {
                        serve(socket);
                    }
                    finally {
                        open.remove(socket);
                    }
                });
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

    /**
     * Stops accepting and closes the connections still open, so that a gateway's pooled connections to this upstream
     * end with it rather than be served by a test that has finished (another test may listen on the same port).
     */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
