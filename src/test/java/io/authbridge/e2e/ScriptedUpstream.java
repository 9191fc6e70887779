package io.authbridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An upstream on a plain socket that answers each request by a script chosen from its target (by default the last
 * segment of {@code /scripted/<name>}), writing parts of the answer with pauses between them, on keep-alive
 * connections. It records which of its connections each request arrived on, which scripts it has written to the
 * end, and which connections the gateway closed, so that a test can tell a connection reused from one closed.
 */
final class ScriptedUpstream extends SocketUpstream {

    /** A step of a script: bytes to write, or (text null) a pause, or (text null, a negative pause) the end. */
    record Step(String text, long pauseMillis) {

        static Step write(String text) {
            return new Step(text, 0);
        }

        static Step pause(long millis) {
            return new Step(null, millis);
        }

        /** The upstream closes the connection. */
        static Step close() {
            return new Step(null, -1);
        }
    }

    /** A request the upstream read: the connection it came on (numbered from 1, in order of acceptance), its target. */
    record Served(int connection, String target) {
    }

    private final Function<String, Step[]> scripts;

    private final AtomicInteger accepted = new AtomicInteger();

    private final List<Served> served = new CopyOnWriteArrayList<>();

    private final Set<String> written = ConcurrentHashMap.newKeySet();

    private final Set<Integer> closedByGateway = ConcurrentHashMap.newKeySet();

    private ScriptedUpstream(int port, Function<String, Step[]> scripts) throws IOException {
        super(port, "scripted-upstream");
        this.scripts = scripts;
    }

    /** Serving {@code scripts} on {@code port}, each by the last segment of the request's path. */
    static ScriptedUpstream start(int port, Map<String, Step[]> scripts) throws IOException {
        return start(port, target -> scripts.get(target.substring(target.lastIndexOf('/') + 1)));
    }

    /** Serving on {@code port} the script {@code scripts} answers for each request target (null: close). */
    static ScriptedUpstream start(int port, Function<String, Step[]> scripts) throws IOException {
        return new ScriptedUpstream(port, scripts).started();
    }

    /** The requests read so far, in order. */
    List<Served> served() {
        return List.copyOf(served);
    }

    /** Whether the script of the request with this target is over: written to its end, or cut short by a closed connection. */
    boolean written(String target) {
        return written.contains(target);
    }

    /** Whether the gateway closed this connection (numbered as in {@link Served}). */
    boolean closedByGateway(int connection) {
        return closedByGateway.contains(connection);
    }

    @Override
    void serve(Socket socket) {
        int connection = accepted.incrementAndGet();
        String target = null;
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String head; (head = readHead(in)) != null; ) {
                target = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                served.add(new Served(connection, target));
                Step[] script = scripts.apply(target);
                if (script == null) {
                    return;
                }
                for (Step step : script) {
                    if (step.text() == null && step.pauseMillis() < 0) {
                        written.add(target);
                        return;
                    }
                    if (step.text() == null) {
                        Thread.sleep(step.pauseMillis());
                    }
                    else {
                        out.write(step.text().getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                }
                written.add(target);
            }
            closedByGateway.add(connection);
        }
        catch (IOException ended) {
            // reset by the gateway (or the test ended)
            closedByGateway.add(connection);
            if (target != null) {
                written.add(target);
            }
        }
        catch (InterruptedException ended) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request head (bodiless requests only), or null at the end of the connection. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            head.append((char) b);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                return head.toString();
            }
        }
        return null;
    }

    /** Serving {@code scripts} on the tests' scripted port for each test class (see {@link ForEachClass}). */
    static ForEachClass forEachClass(Map<String, Step[]> scripts) {
        return new ForEachClass(target -> scripts.get(target.substring(target.lastIndexOf('/') + 1)));
    }

    /** Serving on the tests' scripted port the script {@code scripts} answers for each request target (null: close). */
    static ForEachClass forEachClass(Function<String, Step[]> scripts) {
        return new ForEachClass(scripts);
    }

    /**
     * A scripted upstream on {@link GatewayTestSupport#SCRIPTED_PORT} (the route {@code scripted}) from before a test
     * class's first test until after its last, registered with {@code @RegisterExtension} on a static field; a subclass
     * that runs the same tests another way gets its own. What it recorded is read through it.
     */
    static final class ForEachClass implements BeforeAllCallback, AfterAllCallback {

        private final Function<String, Step[]> scripts;

        private ScriptedUpstream upstream;

        private ForEachClass(Function<String, Step[]> scripts) {
            this.scripts = scripts;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            upstream = start(GatewayTestSupport.SCRIPTED_PORT, scripts);
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            upstream.close();
        }

        List<Served> served() {
            return upstream.served();
        }

        boolean written(String target) {
            return upstream.written(target);
        }

        boolean closedByGateway(int connection) {
            return upstream.closedByGateway(connection);
        }

        int connections() {
            return upstream.connections();
        }
    }
}
