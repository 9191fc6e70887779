package io.authbridge.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream that reads each request byte for byte by RFC 9112's framing and records, per path, whether the whole
 * message arrived ({@link Received#complete}) or the connection ended first, and how many body bytes came: a stricter
 * witness than WireMock, which records only what it read whole. Answers a complete request 200 and closes.
 */
final class RecordingUpstream extends SocketUpstream {

    /** What arrived of one request: its path, whether all of it came, and the body bytes that did. */
    record Received(String path, boolean complete, int bodyBytes) {
    }

    private final Map<String, Received> received = new ConcurrentHashMap<>();

    private RecordingUpstream() throws IOException {
        super(0, "recording-upstream");
    }

    static RecordingUpstream start() {
        try {
            return new RecordingUpstream().started();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** What arrived of the request to {@code path}, or null when nothing of it did. */
    Received of(String path) {
        return received.get(path);
    }

    @Override
    void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String target = lines[0].split(" ")[1];
                String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                long length = 0;
                boolean chunked = false;
                for (String line : lines) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(line.substring(15).trim());
                    }
                    if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                int[] body = { 0 };
                received.put(path, new Received(path, false, 0));
                boolean complete = chunked ? chunks(in, body, path) : fixed(in, length, body, path);
                received.put(path, new Received(path, complete, body[0]));
                if (!complete) {
                    return;
                }
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        catch (IOException | RuntimeException ended) {
            // the connection ended (reset) or the request was not HTTP: what arrived is recorded
        }
    }

    /** The request head without its final CRLF CRLF, or null when the connection ends before one. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    private boolean fixed(InputStream in, long length, int[] body, String path) throws IOException {
        for (long i = 0; i < length; i++) {
            if (in.read() < 0) {
                return false;
            }
            body[0]++;
            received.put(path, new Received(path, false, body[0]));
        }
        return true;
    }

    private boolean chunks(InputStream in, int[] body, String path) throws IOException {
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                return false;
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailers, then the empty line that ends the message
                for (String trailer; (trailer = line(in)) != null; ) {
                    if (trailer.isEmpty()) {
                        return true;
                    }
                }
                return false;
            }
            for (int i = 0; i < size; i++) {
                if (in.read() < 0) {
                    return false;
                }
                body[0]++;
                received.put(path, new Received(path, false, body[0]));
            }
            if (!"".equals(line(in))) {
                return false;
            }
        }
    }

    /** One CRLF-terminated line, or null when the connection ends first. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n' && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
        return null;
    }
}
