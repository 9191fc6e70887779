package io.authbridge.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.authbridge.e2e.ScriptedUpstream.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.authbridge.e2e.ScriptedUpstream.Step.pause;
import static io.authbridge.e2e.ScriptedUpstream.Step.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code authbridge.upstream.response-timeout} (1.5 s in the tests) against an upstream that is slow in each way it
 * can be: silent, prompt, late within the timeout, trickling its head or its body with pauses shorter than the timeout,
 * stalling in the middle of its body, answering {@code 100 Continue} or {@code 103 Early Hints} (dropped: the client
 * never sees it) and then nothing or the response, and a kept-alive
 * connection left idle longer than the timeout between two requests. The fast path's deadline and Reactor Netty's
 * timeout of the gateway's way ({@link UpstreamResponseTimeoutOnGatewayWayTest}) must answer every case the same.
 */
class UpstreamResponseTimeoutTest extends GatewayTestSupport {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static final Map<String, Step[]> SCRIPTS = Map.ofEntries(
            Map.entry("silent", new Step[] {pause(4_000)}),
            Map.entry("prompt", new Step[] {write(OK)}),
            Map.entry("late", new Step[] {pause(1_000), write(OK)}),
            Map.entry("trickled-head", new Step[] {write("HTTP/1.1 200 OK\r\n"), pause(600), write("X-A: 1\r\n"), pause(600),
                    write("X-B: 2\r\n"), pause(600), write("X-C: 3\r\n"), pause(600), write("Content-Length: 2\r\n\r\nok")}),
            Map.entry("trickled-body", new Step[] {write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n"), pause(700), write("a"),
                    pause(700), write("b"), pause(700), write("c"), pause(700), write("d")}),
            Map.entry("stalled-body", new Step[] {write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd"), pause(4_000)}),
            Map.entry("continue-then-silent", new Step[] {write("HTTP/1.1 100 Continue\r\n\r\n"), pause(4_000)}),
            Map.entry("continue-then-answer", new Step[] {write("HTTP/1.1 100 Continue\r\n\r\n"), pause(1_000), write(OK)}),
            Map.entry("hints-then-silent", new Step[] {write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"),
                    pause(4_000)}),
            Map.entry("hints-then-answer", new Step[] {write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"),
                    pause(1_000), write("HTTP/1.1 102 Processing\r\n\r\n"), pause(1_000), write(OK)}),
            Map.entry("early", new Step[] {write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), pause(6_000)}),
            Map.entry("switch", new Step[] {write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n"),
                    pause(8_000)}));

    @RegisterExtension
    static final ScriptedUpstream.ForEachClass scripted = ScriptedUpstream.forEachClass(SCRIPTS);

    /** What the client saw, and after how long. */
    private record Seen(RawHttp.Answer answer, long millis) {

        String body() {
            String text = answer.text();
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }

    private Seen get(String script) throws IOException {
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.exchange(port,
                "GET /scripted/" + script + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 8_000);
        return new Seen(answer, (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aSilentUpstreamIsAGatewayTimeoutAfterTheResponseTimeout() throws IOException {
        Seen seen = get("silent");
        assertThat(seen.answer().status()).isEqualTo(504);
        assertThat(seen.millis()).isBetween(1_400L, 3_900L);
    }

    @Test
    void anUpstreamThatAnswersWithinTheTimeoutIsAnswered() throws IOException {
        assertThat(get("prompt").body()).isEqualTo("ok");
        Seen late = get("late");
        assertThat(late.answer().status()).isEqualTo(200);
        assertThat(late.body()).isEqualTo("ok");
    }

    @Test
    void aHeadOrBodyTrickledWithPausesShorterThanTheTimeoutIsAnsweredWhateverItTakesInAll() throws IOException {
        Seen head = get("trickled-head");
        assertThat(head.answer().status()).isEqualTo(200);
        assertThat(head.body()).isEqualTo("ok");
        assertThat(head.millis()).isGreaterThan(2_000L);
        Seen body = get("trickled-body");
        assertThat(body.answer().status()).isEqualTo(200);
        assertThat(body.body()).isEqualTo("abcd");
        assertThat(body.millis()).isGreaterThan(2_500L);
    }

    @Test
    void aBodyThatStallsLongerThanTheTimeoutEndsTheResponseShortAndTheConnection() throws IOException {
        Seen seen = get("stalled-body");
        assertThat(seen.answer().status()).isEqualTo(200);
        assertThat(seen.answer().text()).contains("Content-Length: 10");
        assertThat(seen.body()).isEqualTo("abcd");
        assertThat(seen.millis()).isBetween(1_400L, 3_900L);
    }

    @Test
    void aContinueIsNoResponseTheTimeoutStillWaitsForTheFinalOne() throws IOException {
        Seen silent = get("continue-then-silent");
        assertThat(silent.answer().statuses()).containsExactly(504);
        assertThat(silent.millis()).isBetween(1_400L, 3_900L);
        Seen answered = get("continue-then-answer");
        assertThat(answered.answer().statuses()).containsExactly(200);
        assertThat(answered.body()).isEqualTo("ok");
    }

    @Test
    void anEarlyHintIsNoResponseTheTimeoutStillWaitsForTheFinalOneFromTheLastRead() throws IOException {
        Seen silent = get("hints-then-silent");
        assertThat(silent.answer().statuses()).containsExactly(504);
        assertThat(silent.millis()).isBetween(1_400L, 3_900L);
        Seen answered = get("hints-then-answer");
        assertThat(answered.answer().statuses()).containsExactly(200);
        assertThat(answered.body()).isEqualTo("ok");
        assertThat(answered.millis()).as("two pauses shorter than the timeout, 2 s in all").isGreaterThan(1_900L);
    }

    @Test
    void aKeptAliveConnectionIdleLongerThanTheTimeoutBetweenRequestsIsReused() throws IOException, InterruptedException {
        assertThat(get("prompt").body()).isEqualTo("ok");
        int connections = scripted.connections();
        Thread.sleep(2_500);
        assertThat(get("prompt").body()).isEqualTo("ok");
        assertThat(scripted.connections()).as("connections to the upstream").isEqualTo(connections);
    }

    @Test
    void anUpstreamSilentDuringAWebSocketHandshakeIsNotTimedAsTheGatewaysClientDoesNotTimeIt() throws IOException {
        // the gateway upgrades the client's connection first, then shakes hands with the upstream, which never answers
        long start = System.nanoTime();
        RawHttp.Answer answer = RawHttp.exchange(port, "GET /scripted/silent HTTP/1.1\r\nHost: localhost\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n", 3_000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.statuses()).containsExactly(101);
        assertThat(millis).as("the connection stays open until the client's 3 s of quiet").isGreaterThanOrEqualTo(2_900L);
    }

    @Test
    void anAnswerBegunBeforeTheRequestBodyWasSentIsStillTimedOnceItIsSent() throws IOException, InterruptedException {
        // the upstream answers as soon as it has the head, then stalls in the body; the client sends its body in two parts
        long start = System.nanoTime();
        StringBuilder read = new StringBuilder();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(8_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /scripted/early HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\nConnection: close\r\n\r\n12345")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(1_000);
            out.write("67890".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                    read.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
            }
            catch (IOException closedOrQuiet) {
                // the answer so far is what counts
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(read.toString()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nabc");
        assertThat(millis).as("closed a timeout after the body was sent").isBetween(2_400L, 4_900L);
    }

    @Test
    void aConnectionWhoseRequestWasAnsweredSwitchingProtocolsLeavesLaterRequestsTimed() throws IOException {
        RawHttp.exchange(port, "GET /scripted/switch HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 2_000);
        // whichever idle connection each takes, the upgraded one among them
        for (int request = 0; request < 3; request++) {
            Seen silent = get("silent");
            assertThat(silent.answer().status()).as("request %d", request).isEqualTo(504);
            assertThat(silent.millis()).isBetween(1_400L, 3_900L);
        }
    }
}
