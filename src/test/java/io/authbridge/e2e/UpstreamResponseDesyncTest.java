package io.authbridge.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.authbridge.e2e.ScriptedUpstream.Served;
import io.authbridge.e2e.ScriptedUpstream.Step;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.authbridge.e2e.ScriptedUpstream.Step.close;
import static io.authbridge.e2e.ScriptedUpstream.Step.pause;
import static io.authbridge.e2e.ScriptedUpstream.Step.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upstream that says more than one answer per request cannot make the gateway serve a client anything but the
 * answer to its own request. Generated upstream behaviours, each request's answer marked with the marker of its
 * request line: interim {@code 1xx} responses (102, 103, 199) before the final one, which the client never sees;
 * a final response framed by length, chunks or the connection's end; and after it, in the same write or later,
 * another whole response, more body than its {@code Content-Length}, garbage, or the start of a response whose
 * rest comes later. Clients come one after another (each once the upstream has written everything it meant to, so
 * a late extra arrives while its connection sits in the pool) and four at a time (extras in the same write only: an
 * extra that the upstream sends late can reach a connection already carrying the next request, where nothing tells
 * it from that request's answer). Every client must read its own answer and nothing else, and a connection that
 * said more than its answer must be closed by the gateway and carry no other request, once logged and counted, while
 * one that said only its answer, interim responses included, is reused. The gateway's way
 * ({@link UpstreamResponseDesyncOnGatewayWayTest}) must answer every case the same.
 */
@ExtendWith(OutputCaptureExtension.class)
class UpstreamResponseDesyncTest extends GatewayTestSupport {

    /** Seeds of the generated cases: fixed, so a failure can be replayed (-Ddesync.seed=N replays one more). */
    private static final long SEED = Long.getLong("desync.seed", 20261207L);

    private static final int SEQUENCES = 28;

    private static final int CONCURRENT_ROUNDS = 12;

    private static final int CONCURRENT_CLIENTS = 4;

    /** The behaviour planned for each request target, which the upstream reads back when the request arrives. */
    private static final Map<String, Behaviour> PLANNED = new ConcurrentHashMap<>();

    /** Scripts written out for a request target. */
    private static final Map<String, Step[]> SCRIPTS = new ConcurrentHashMap<>();

    @RegisterExtension
    static final ScriptedUpstream.ForEachClass scripted = ScriptedUpstream.forEachClass(target -> {
            Behaviour behaviour = PLANNED.get(target);
            return behaviour == null ? SCRIPTS.get(target) : behaviour.script(marker(target));
        });

    @Autowired
    private MeterRegistry meters;

    @Test
    void aConnectionWhoseUpstreamAnswersOnceThroughInterimResponsesIsReused() throws IOException {
        int connectionsBefore = scripted.connections();
        List<String> targets = new ArrayList<>();
        for (int request = 0; request < 5; request++) {
            String target = "/scripted/desync/" + "well-behaved-" + request + "-" + System.nanoTime();
            SCRIPTS.put(target, new Step[] {write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"),
                    pause(20), write("HTTP/1.1 200 OK\r\nX-Marker: " + marker(target) + "\r\nContent-Length: "
                            + Behaviour.body(marker(target)).length() + "\r\n\r\n" + Behaviour.body(marker(target)))});
            targets.add(target);
            RawHttp.Answer answer = get(target);
            assertThat(answer.statuses()).containsExactly(200);
            assertThat(answer.text()).contains(Behaviour.body(marker(target)));
        }
        // pooled connections left by earlier tests may take some of the requests: at most one is opened for them
        assertThat(scripted.connections() - connectionsBefore).as("connections opened for five requests").isLessThanOrEqualTo(1);
        assertThat(scripted.served().stream().filter(request -> targets.contains(request.target())))
            .noneMatch(request -> scripted.closedByGateway(request.connection()));
    }

    @Test
    void aResponseTheCodecCannotReadIsAnErrorAndItsConnectionIsClosedNotPooled() throws IOException {
        String target = "/scripted/desync/unreadable-" + System.nanoTime();
        SCRIPTS.put(target, new Step[] {write("NOT-HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")});
        RawHttp.Answer answer = get(target);
        assertThat(answer.status()).as(answer.text()).isBetween(500, 599);
        await("the gateway closing the connection").atMost(Duration.ofSeconds(2)).until(() -> scripted.served().stream()
            .filter(request -> request.target().equals(target))
            .anyMatch(request -> scripted.closedByGateway(request.connection())));
    }

    @Test
    void aConnectionClosedForWhatItSaidUnaskedIsLoggedOnceWithoutAHeaderValueOrBodyByteAndCounted(CapturedOutput output)
            throws IOException {
        double before = meters.get("authbridge.upstream.desyncs").counter().count();
        String target = "/scripted/desync/logged-" + System.nanoTime();
        String body = Behaviour.body(marker(target));
        SCRIPTS.put(target, new Step[] {write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "HTTP/1.1 200 OK\r\nSet-Cookie: session=SecretCookieValue0001\r\nContent-Length: 18\r\n\r\n"
                + "SecretBodyValue001")});
        assertThat(get(target).text()).endsWith(body);
        await("the gateway closing the connection").atMost(Duration.ofSeconds(2)).until(() -> scripted.served().stream()
            .filter(request -> request.target().equals(target))
            .anyMatch(request -> scripted.closedByGateway(request.connection())));
        assertThat(meters.get("authbridge.upstream.desyncs").counter().count()).isEqualTo(before + 1);
        assertThat(output.getAll().lines().filter(line -> line.contains("Closed the upstream connection")))
            .singleElement().asString().contains(" WARN ").contains("another response arrived");
        assertThat(output.getAll()).doesNotContain("SecretCookieValue0001").doesNotContain("SecretBodyValue001");
    }

    @TestFactory
    Stream<DynamicTest> clientsOneAfterAnotherEachReadTheirOwnAnswerAndNothingThatFollowedIt() {
        Random random = new Random(SEED);
        return IntStream.range(0, SEQUENCES).mapToObj(sequence -> {
            List<Behaviour> behaviours = new ArrayList<>();
            int clients = 2 + random.nextInt(3);
            for (int client = 0; client < clients; client++) {
                behaviours.add(Behaviour.generate(random, true));
            }
            return DynamicTest.dynamicTest("in turn " + sequence + ": " + behaviours, () -> {
                for (Behaviour behaviour : behaviours) {
                    String target = plan(behaviour);
                    assertOwnAnswer(get(target), target);
                    await("the upstream writing all it meant to").atMost(Duration.ofSeconds(3))
                        .until(() -> scripted.written(target));
                    assertClosedAndNotReusedIfPoisoned(target);
                }
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> clientsAtTheSameTimeEachReadTheirOwnAnswerAndNothingThatFollowedIt() {
        Random random = new Random(SEED + 1);
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
        return IntStream.range(0, CONCURRENT_ROUNDS).mapToObj(round -> {
            List<Behaviour> behaviours = new ArrayList<>();
            for (int client = 0; client < CONCURRENT_CLIENTS; client++) {
                behaviours.add(Behaviour.generate(random, false));
            }
            return DynamicTest.dynamicTest("at once " + round + ": " + behaviours, () -> {
                List<String> targets = behaviours.stream().map(UpstreamResponseDesyncTest::plan).toList();
                List<Future<RawHttp.Answer>> answers = new ArrayList<>();
                for (String target : targets) {
                    answers.add(clients.submit(() -> get(target)));
                }
                for (int client = 0; client < targets.size(); client++) {
                    assertOwnAnswer(answers.get(client).get(), targets.get(client));
                }
                for (String target : targets) {
                    await("the upstream writing all it meant to").atMost(Duration.ofSeconds(3))
                        .until(() -> scripted.written(target));
                    assertClosedAndNotReusedIfPoisoned(target);
                }
            });
        }).onClose(clients::shutdownNow);
    }

    private RawHttp.Answer get(String target) throws IOException {
        return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 5_000);
    }

    /** A new request target for {@code behaviour}, with a marker of its own. */
    private static String plan(Behaviour behaviour) {
        byte[] marker = new byte[6];
        new Random().nextBytes(marker);
        String target = "/scripted/desync/" + HexFormat.of().formatHex(marker);
        PLANNED.put(target, behaviour);
        return target;
    }

    private static String marker(String target) {
        return target.substring(target.lastIndexOf('/') + 1);
    }

    /** The client read one final response, the one answering its request, and no part of any other. */
    private static void assertOwnAnswer(RawHttp.Answer answer, String target) {
        String marker = marker(target);
        String text = answer.text();
        String described = PLANNED.get(target) + " answered:\n" + text;
        assertThat(answer.statuses()).as(described).containsExactly(200);
        assertThat(text.toLowerCase(Locale.ROOT)).as(described).contains("\r\nx-marker: " + marker + "\r\n");
        assertThat(text).as(described).contains(Behaviour.body(marker)).doesNotContain("stale").doesNotContain("garbage");
    }

    /**
     * A connection that said more than its answer is closed by the gateway, and no request arrived on it after the
     * one it answered; one that said only its answer (interim responses included) is not closed for it.
     */
    private static void assertClosedAndNotReusedIfPoisoned(String target) {
        Behaviour behaviour = PLANNED.get(target);
        List<Served> served = scripted.served();
        Served answered = served.stream().filter(request -> request.target().equals(target)).findFirst().orElseThrow();
        if (!behaviour.poisons()) {
            return;
        }
        await("the gateway closing connection " + answered.connection() + " after " + behaviour)
            .atMost(Duration.ofSeconds(2))
            .until(() -> scripted.closedByGateway(answered.connection()));
        List<Served> later = scripted.served().subList(scripted.served().indexOf(answered) + 1, scripted.served().size())
            .stream()
            .filter(request -> request.connection() == answered.connection())
            .toList();
        assertThat(later).as("requests on connection %d after %s", answered.connection(), behaviour).isEmpty();
    }

    /** How the final response's body is delimited. */
    enum Framing {
        LENGTH, CHUNKED, CLOSE
    }

    /** What the upstream says after the final response. */
    enum ExtraKind {
        /** A whole second response. */
        RESPONSE,
        /** More body bytes than the final response's Content-Length said. */
        EXCESS_BODY,
        /** Bytes that are no HTTP at all. */
        GARBAGE,
        /** The start of a response head; its rest after a pause. */
        SPLIT_RESPONSE
    }

    /**
     * An extra: its kind, and the pause before it (0: in the same write as what came before; a split response's
     * start is always in that write, and the pause, at least 30 ms, comes before its rest).
     */
    record Extra(ExtraKind kind, long delayMillis) {

        @Override
        public String toString() {
            return kind.name().toLowerCase(Locale.ROOT) + (delayMillis == 0 ? "" : "+" + delayMillis + "ms");
        }
    }

    /**
     * A generated way for the upstream to answer: interim statuses (each with the pause before it), the final
     * response's framing, and what follows it.
     */
    record Behaviour(List<Integer> interims, List<Long> interimPauses, Framing framing, List<Extra> extras) {

        private static final int[] INTERIM_STATUSES = {102, 103, 199};

        static Behaviour generate(Random random, boolean lateExtras) {
            while (true) {
                int interimCount = random.nextInt(4);
                List<Integer> interims = new ArrayList<>();
                List<Long> pauses = new ArrayList<>();
                for (int i = 0; i < interimCount; i++) {
                    interims.add(INTERIM_STATUSES[random.nextInt(INTERIM_STATUSES.length)]);
                    pauses.add(random.nextBoolean() ? 0L : 10L + random.nextInt(40));
                }
                Framing framing = Framing.values()[random.nextInt(Framing.values().length)];
                List<Extra> extras = new ArrayList<>();
                // after a close-delimited body everything is body: nothing can follow it
                int extraCount = framing == Framing.CLOSE ? 0 : random.nextInt(4);
                for (int i = 0; i < extraCount; i++) {
                    ExtraKind kind = ExtraKind.values()[random.nextInt(ExtraKind.values().length)];
                    if (kind == ExtraKind.EXCESS_BODY && (framing != Framing.LENGTH || i > 0)) {
                        kind = ExtraKind.RESPONSE;
                    }
                    // where clients come at once the first extra is in the answer's write (see the class); the
                    // connection is closed by the time a later one comes
                    boolean late = (lateExtras || i > 0) && random.nextBoolean();
                    extras.add(new Extra(kind, late ? 1 + random.nextInt(200) : 0));
                }
                // every case misbehaves: a case that does not would pass without the guard
                if (!interims.isEmpty() || !extras.isEmpty()) {
                    return new Behaviour(interims, pauses, framing, extras);
                }
            }
        }

        /** Whether the upstream says more than its answer, so its connection must not serve another request. */
        boolean poisons() {
            return !extras.isEmpty();
        }

        static String body(String marker) {
            return "answer-" + marker;
        }

        Step[] script(String marker) {
            List<Step> steps = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (int i = 0; i < interims.size(); i++) {
                flushAfterPause(steps, pending, interimPauses.get(i));
                pending.append(interim(interims.get(i)));
            }
            String body = body(marker);
            String head = "HTTP/1.1 200 OK\r\nX-Marker: " + marker + "\r\n";
            switch (framing) {
                case LENGTH -> pending.append(head).append("Content-Length: ").append(body.length()).append("\r\n\r\n")
                    .append(body);
                case CHUNKED -> pending.append(head).append("Transfer-Encoding: chunked\r\n\r\n")
                    .append(Integer.toHexString(body.length())).append("\r\n").append(body).append("\r\n0\r\n\r\n");
                case CLOSE -> pending.append(head).append("Connection: close\r\n\r\n").append(body);
            }
            for (int i = 0; i < extras.size(); i++) {
                Extra extra = extras.get(i);
                String stale = "stale-" + marker + "-" + i;
                if (extra.kind() == ExtraKind.SPLIT_RESPONSE) {
                    String response = "HTTP/1.1 200 OK\r\nX-Marker: " + stale + "\r\nContent-Length: " + stale.length()
                            + "\r\n\r\n" + stale;
                    int cut = 20 + stale.length() / 2;
                    pending.append(response, 0, cut);
                    flushAfterPause(steps, pending, Math.max(extra.delayMillis(), 30));
                    pending.append(response.substring(cut));
                    continue;
                }
                flushAfterPause(steps, pending, extra.delayMillis());
                switch (extra.kind()) {
                    case RESPONSE -> pending.append("HTTP/1.1 200 OK\r\nX-Marker: ").append(stale)
                        .append("\r\nContent-Length: ").append(stale.length()).append("\r\n\r\n").append(stale);
                    case EXCESS_BODY -> pending.append(stale);
                    case GARBAGE -> pending.append("garbage \u0001\u00ff ").append(stale).append("\r\n");
                    default -> throw new IllegalStateException();
                }
            }
            if (!pending.isEmpty()) {
                steps.add(write(pending.toString()));
            }
            if (framing == Framing.CLOSE) {
                steps.add(close());
            }
            return steps.toArray(Step[]::new);
        }

        private static void flushAfterPause(List<Step> steps, StringBuilder pending, long pauseMillis) {
            if (pauseMillis == 0) {
                return;
            }
            if (!pending.isEmpty()) {
                steps.add(write(pending.toString()));
                pending.setLength(0);
            }
            steps.add(pause(pauseMillis));
        }

        private static String interim(int status) {
            return switch (status) {
                case 102 -> "HTTP/1.1 102 Processing\r\n\r\n";
                case 103 -> "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n";
                default -> "HTTP/1.1 " + status + " Something Informational\r\nX-Interim: yes\r\n\r\n";
            };
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < interims.size(); i++) {
                text.append(interims.get(i)).append(interimPauses.get(i) == 0 ? "" : "+" + interimPauses.get(i) + "ms")
                    .append(' ');
            }
            text.append(framing.name().toLowerCase(Locale.ROOT));
            extras.forEach(extra -> text.append(' ').append(extra));
            return "[" + text + "]";
        }
    }
}
