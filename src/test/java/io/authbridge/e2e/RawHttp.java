package io.authbridge.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests written byte for byte on a socket of their own, for spellings an HTTP client would correct (dot
 * segments, raw control bytes, smuggling framings), and everything the server answers until it closes.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** What came back: the status of the first response (0: none) and everything read, as ISO-8859-1 text. */
    record Answer(int status, String text) {

        /** The status of every response the text holds, in order (status lines at the start of a line). */
        List<Integer> statuses() {
            List<Integer> statuses = new ArrayList<>();
            for (int at = text.indexOf("HTTP/1.1 "); at >= 0; at = text.indexOf("\nHTTP/1.1 ", at + 1)) {
                int start = text.charAt(at) == '\n' ? at + 1 : at;
                statuses.add(Integer.parseInt(text.substring(start + 9, start + 12)));
            }
            return statuses;
        }
    }

    /** Sends {@code request} (ISO-8859-1) and reads until the server closes or is silent for {@code quietMillis}. */
    static Answer exchange(int port, String request, int quietMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(quietMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder read = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                    read.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
            }
            catch (SocketTimeoutException quiet) {
                // the server keeps the connection open: what it sent so far is the answer
            }
            catch (IOException reset) {
                // the server reset the connection after (or instead of) answering
            }
            String text = read.toString();
            int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
            return new Answer(status, text);
        }
    }

    /** A GET on a connection closed after it, with these extra header lines (each ending in CRLF). */
    static Answer get(int port, String target, String headerLines) throws IOException {
        return exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headerLines
                + "\r\n", 10_000);
    }
}
