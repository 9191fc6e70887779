package io.authbridge.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.authbridge.e2e.ScriptedUpstream.Served;
import io.authbridge.e2e.ScriptedUpstream.Step;
import io.netty.channel.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import reactor.netty.ConnectionObserver;

import static io.authbridge.e2e.ScriptedUpstream.Step.pause;
import static io.authbridge.e2e.ScriptedUpstream.Step.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pooled upstream connection whose reads are off still never serves what its upstream said unasked. Reactor Netty
 * turns reads on when a response ends and it pools the connection, but the exchange that just ended turns them off
 * again while its client is slow to take the body (its receiver's backpressure, which goes on after the release),
 * and the next exchange turns them off from the moment it takes the connection until its request head is written.
 * Here a test customizer turns them off for the scripted upstream's connections as that receiver does: right at the
 * release, or a moment after it. Either way a late extra answer must close the connection, without ever reaching
 * the next client, who is answered by the upstream on another connection or refused, never given another's answer.
 */
@Import(UpstreamReadsOffWhileIdleTest.ReadsOffWhilePooled.class)
class UpstreamReadsOffWhileIdleTest extends GatewayTestSupport {

    /** When reads are turned off after a scripted connection is released: -1 never, else after this many ms. */
    private static volatile long readsOffAfterMillis = -1;

    private static final Map<String, Step[]> SCRIPTS = new ConcurrentHashMap<>();

    @RegisterExtension
    static final ScriptedUpstream.ForEachClass scripted = ScriptedUpstream.forEachClass(SCRIPTS::get);

    @AfterEach
    void readsOnAgain() {
        readsOffAfterMillis = -1;
    }

    @Test
    void aLateExtraAnswerClosesAConnectionWhoseReadsWereTurnedOffAtItsReleaseWhileItIsStillPooled() throws IOException {
        readsOffAfterMillis = 0;
        String poisoning = answeredThenExtraAfter(150);
        Served first = answeredBy(poisoning);
        await("the gateway closing the pooled connection").atMost(Duration.ofSeconds(2))
            .until(() -> scripted.closedByGateway(first.connection()));
        assertThat(scripted.written(poisoning)).isTrue();
        readsOffAfterMillis = -1;
        String next = answeredThenExtraAfter(-1);
        assertOwnAnswer(next);
        assertThat(answeredBy(next).connection()).isNotEqualTo(first.connection());
    }

    @Test
    void aLateExtraAnswerUnreadWhilePooledIsFoundBeforeTheNextRequestGoesOutAndNeverServed()
            throws IOException, InterruptedException {
        readsOffAfterMillis = 20;
        String poisoning = answeredThenExtraAfter(150);
        Served first = answeredBy(poisoning);
        await("the upstream writing its extra answer").atMost(Duration.ofSeconds(2))
            .until(() -> scripted.written(poisoning));
        Thread.sleep(200);
        assertThat(scripted.closedByGateway(first.connection())).as("closed while pooled, reads off").isFalse();
        readsOffAfterMillis = -1;
        // takes the pooled connection: the extra answer is found before this request is written, which fails unsent
        String next = answeredThenExtraAfter(-1);
        RawHttp.Answer refused = get(next);
        assertThat(refused.text()).doesNotContain("stale");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(scripted.closedByGateway(first.connection())).isTrue();
        assertThat(scripted.served().stream().filter(request -> request.connection() == first.connection()))
            .as("requests on the poisoned connection").containsExactly(first);
        assertOwnAnswer(next);
    }

    /** A new target whose answer is followed, {@code extraAfterMillis} later (-1: never), by a second answer. */
    private static String answeredThenExtraAfter(long extraAfterMillis) {
        String target = "/scripted/reads-off/" + System.nanoTime();
        String answer = "answer-" + target;
        String stale = "stale-" + target;
        Step own = write("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer);
        SCRIPTS.put(target, extraAfterMillis < 0 ? new Step[] {own} : new Step[] {own, pause(extraAfterMillis),
                write("HTTP/1.1 200 OK\r\nContent-Length: " + stale.length() + "\r\n\r\n" + stale)});
        return target;
    }

    private RawHttp.Answer get(String target) throws IOException {
        return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 5_000);
    }

    private void assertOwnAnswer(String target) throws IOException {
        RawHttp.Answer answer = get(target);
        assertThat(answer.statuses()).as(answer.text()).containsExactly(200);
        assertThat(answer.text()).endsWith("\r\n\r\nanswer-" + target);
    }

    /** Asks for {@code target} once and tells which connection the upstream read it on. */
    private Served answeredBy(String target) throws IOException {
        List<Served> served = scripted.served().stream().filter(request -> request.target().equals(target)).toList();
        if (served.isEmpty()) {
            assertOwnAnswer(target);
            served = scripted.served().stream().filter(request -> request.target().equals(target)).toList();
        }
        assertThat(served).hasSize(1);
        return served.get(0);
    }

    /** Turns reads off on the scripted upstream's connections when they are released to the pool, or soon after. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ReadsOffWhilePooled {

        @Bean
        HttpClientCustomizer readsOffWhilePooled() {
            return client -> client.observe((connection, state) -> {
                Channel channel = connection.channel();
                long after = readsOffAfterMillis;
                if (state != ConnectionObserver.State.RELEASED || after < 0
                        || !(channel.remoteAddress() instanceof InetSocketAddress address)
                        || address.getPort() != SCRIPTED_PORT) {
                    return;
                }
                if (after == 0) {
                    channel.config().setAutoRead(false);
                }
                else {
                    channel.eventLoop().schedule(() -> channel.config().setAutoRead(false), after, TimeUnit.MILLISECONDS);
                }
            });
        }
    }
}
