package io.authbridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An upstream on a plain socket that answers each request by the script its path names ({@code /scripted/<name>}),
 * writing parts of the answer with pauses between them, on keep-alive connections.
 */
final class ScriptedUpstream extends SocketUpstream {

    /** A step of a script: bytes to write, or (text null) a pause. */
    record Step(String text, long pauseMillis) {

        static Step write(String text) {
            return new Step(text, 0);
        }

        static Step pause(long millis) {
            return new Step(null, millis);
        }
    }

    private final Map<String, Step[]> scripts;

    private ScriptedUpstream(int port, Map<String, Step[]> scripts) throws IOException {
        super(port, "scripted-upstream");
        this.scripts = scripts;
    }

    /** Serving {@code scripts} on {@code port}. */
    static ScriptedUpstream start(int port, Map<String, Step[]> scripts) throws IOException {
        return new ScriptedUpstream(port, scripts).started();
    }

    @Override
    void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String head; (head = readHead(in)) != null; ) {
                String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                Step[] script = scripts.get(path.substring(path.lastIndexOf('/') + 1));
                if (script == null) {
                    return;
                }
                for (Step step : script) {
                    if (step.text() == null) {
                        Thread.sleep(step.pauseMillis());
                    }
                    else {
                        out.write(step.text().getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    }
                }
            }
        }
        catch (IOException | InterruptedException ended) {
            // the gateway closed the connection, or the test ended
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
}
