package io.authbridge.e2e;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM under kept-alive load (SPEC §9): readiness turns DOWN at once, the gateway keeps serving through the
 * drain with {@code Connection: close} on every response, a request in flight when the port closes still gets
 * its answer, and no request the gateway read goes unanswered. The gateway is a JVM of its own, stopped as an
 * orchestrator stops it; the clients play a load balancer that stops opening connections to it shortly after
 * its readiness probe fails.
 */
class DrainTest {

    private static final int CONNECTIONS = 6;

    private static final Duration DRAIN = Duration.ofSeconds(2);

    /** How long the "load balancer" keeps sending new connections after it saw readiness DOWN. */
    private static final Duration LOAD_BALANCER_DELAY = Duration.ofMillis(500);

    @Test
    void sigtermDrainsKeptAliveConnectionsWithoutDroppingARequest() throws Exception {
        WireMockServer upstream = TestUpstream.start();
        ExecutorService threads = Executors.newCachedThreadPool();
        try (GatewayProcess gateway = GatewayProcess.start(Map.of("authbridge.shutdown.drain", DRAIN.toMillis() + "ms",
                "logging.level.root", "warn", "logging.level.io.authbridge.shutdown", "info",
                "spring.cloud.gateway.server.webflux.routes[0].id", "open",
                "spring.cloud.gateway.server.webflux.routes[0].uri", upstream.baseUrl(),
                "spring.cloud.gateway.server.webflux.routes[0].predicates[0]", "Path=/open/**,/slow/**",
                "spring.cloud.gateway.server.webflux.routes[0].metadata.public", "true"))) {
            long started = System.nanoTime();
            while (!"UP".equals(readiness(gateway)) && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(100);
            }
            assertThat(readiness(gateway)).as(String.join("\n", gateway.output())).isEqualTo("UP");
            Load load = new Load(gateway.port());
            for (int i = 0; i < CONNECTIONS; i++) {
                threads.submit(load::run);
            }
            // the first proxied requests of a new JVM load the client side; then a second of steady traffic
            long warming = System.nanoTime();
            while (load.answered.get() < 20 * CONNECTIONS && System.nanoTime() - warming < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(50);
            }
            Thread.sleep(1000);
            assertThat(load.answered.get()).as("answers before SIGTERM; failures " + load.failures).isPositive();
            assertThat(load.failures).as("failures before SIGTERM").isEmpty();

            long sigterm = System.nanoTime();
            gateway.terminate();
            String state;
            while ("UP".equals(state = readiness(gateway)) && System.nanoTime() - sigterm < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(20);
            }
            long down = System.nanoTime();
            assertThat(state).as("readiness after SIGTERM").isNotEqualTo("UP");
            // a request that is still being answered when the drain ends and the port closes (the upstream takes 3 s)
            CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> exchange(gateway.port(), "/slow/in-flight"),
                    threads);
            Thread.sleep(LOAD_BALANCER_DELAY.toMillis());
            load.stopConnecting = true;

            assertThat(gateway.awaitExit(Duration.ofSeconds(30))).as("the gateway exited").isTrue();
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(TimeUnit.NANOSECONDS.toMillis(down - sigterm)).as("ms until readiness DOWN").isLessThan(2000);
            assertThat(inFlight.get()).as("the request in flight when the port closed").startsWith("HTTP/1.1 200");
            assertThat(load.failures).as("requests the gateway read but never answered").isEmpty();
            assertThat(load.closedByServer.get()).as("answers with Connection: close during the drain")
                .isGreaterThanOrEqualTo(CONNECTIONS);
            assertThat(load.answeredAfter(sigterm)).as("answers after SIGTERM").isTrue();
            assertThat(String.join("\n", gateway.output())).contains("draining for " + DRAIN.toMillis() + " ms");
        }
        finally {
            threads.shutdownNow();
            upstream.stop();
        }
    }

    /** UP, DOWN (503) or REFUSED, as a Kubernetes probe of the management port would read it. */
    private static String readiness(GatewayProcess gateway) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.managementPort() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? "UP" : "DOWN";
        }
        catch (IOException ex) {
            return "REFUSED";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "REFUSED";
        }
    }

    /** One request on a connection of its own: the status line and headers, or why there was none. */
    private static String exchange(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(20_000);
            send(socket.getOutputStream(), path);
            return readResponse(socket.getInputStream()).head();
        }
        catch (IOException ex) {
            return ex.toString();
        }
    }

    private static void send(OutputStream out, String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Steady traffic on kept-alive connections, reconnecting whenever the gateway closes one. */
    private static final class Load {

        private final int port;

        final AtomicInteger answered = new AtomicInteger();

        final AtomicInteger closedByServer = new AtomicInteger();

        final AtomicLong lastAnswer = new AtomicLong();

        final List<String> failures = new CopyOnWriteArrayList<>();

        volatile boolean stopConnecting;

        Load(int port) {
            this.port = port;
        }

        /** Whether an answer came after this {@link System#nanoTime()}. */
        boolean answeredAfter(long nanoTime) {
            return lastAnswer.get() - nanoTime > 0;
        }

        void run() {
            int sequence = 0;
            while (!stopConnecting) {
                Socket socket = new Socket();
                try (socket) {
                    try {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    }
                    catch (ConnectException refused) {
                        // the port is closed: nothing was sent
                        return;
                    }
                    socket.setSoTimeout(10_000);
                    while (true) {
                        String path = "/open/" + Thread.currentThread().getId() + "-" + sequence++;
                        send(socket.getOutputStream(), path);
                        Response response;
                        try {
                            response = readResponse(socket.getInputStream());
                        }
                        catch (IOException ex) {
                            failures.add(path + ": " + ex);
                            return;
                        }
                        if (!response.head().startsWith("HTTP/1.1 200")) {
                            failures.add(path + ": " + response.head());
                        }
                        answered.incrementAndGet();
                        lastAnswer.set(System.nanoTime());
                        if (response.head().toLowerCase(Locale.ROOT).contains("\r\nconnection: close")) {
                            closedByServer.incrementAndGet();
                            break;
                        }
                        Thread.sleep(5);
                    }
                }
                catch (IOException ex) {
                    failures.add("connection: " + ex);
                    return;
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private record Response(String head, byte[] body) {
    }

    /** An HTTP/1.1 response with a Content-Length or chunked body, read whole. */
    private static Response readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        String lower = head.toLowerCase(Locale.ROOT);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int length = lower.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = lower.indexOf("\r\n", length + 2);
            int size = Integer.parseInt(head.substring(length + "\r\ncontent-length:".length(), end).trim());
            body.write(readExactly(in, size));
        }
        else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                String sizeLine = readLine(in);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    readLine(in);
                    break;
                }
                body.write(readExactly(in, size));
                readLine(in);
            }
        }
        return new Response(head, body.toByteArray());
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(head.isEmpty() ? "closed before any byte of a response" : "closed in the headers");
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (!line.toString().endsWith("\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed in a chunked body");
            }
            line.append((char) b);
        }
        return line.substring(0, line.length() - 2);
    }

    private static byte[] readExactly(InputStream in, int size) throws IOException {
        byte[] bytes = in.readNBytes(size);
        if (bytes.length < size) {
            throw new EOFException("closed in the body");
        }
        return bytes;
    }
}
