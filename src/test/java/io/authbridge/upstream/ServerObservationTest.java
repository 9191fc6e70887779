package io.authbridge.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path leaves Spring's server observation out exactly when Spring Boot's own registry would find it
 * disabled: {@link ServerObservation} against the registry Spring Boot builds from the same properties, over
 * generated settings of every key that can decide the server observation's name and of keys that cannot.
 */
class ServerObservationTest {

    private static final List<String> KEYS = List.of("all", "http", "http.server", "http.server.requests",
            "http.server.requests.extra", "http.client", "http.client.requests", "htt", "server", "requests",
            "custom", "custom.server", "custom.server.requests");

    private static final List<String> NAMES = List.of("http.server.requests", "custom.server.requests", "plain");

    private final ApplicationContextRunner boot = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
        // a registry without handlers observes nothing at all
        .withBean(ObservationHandler.class, () -> (ObservationHandler<Observation.Context>) context -> true);

    @Test
    void theServerObservationIsLeftOutExactlyWhenSpringBootsRegistryWouldDisableIt() {
        Random random = new Random(7);
        List<String> wrong = new ArrayList<>();
        int turnedOff = 0;
        int cases = 300;
        for (int i = 0; i < cases; i++) {
            List<String> settings = new ArrayList<>();
            for (String key : KEYS) {
                int pick = random.nextInt(4);
                if (pick < 2) {
                    settings.add("management.observations.enable." + key + "=" + (pick == 0));
                }
            }
            String name = NAMES.get(random.nextInt(NAMES.size()));
            boolean[] off = new boolean[2];
            boot.withPropertyValues(settings.toArray(String[]::new)).run(context -> {
                ObservationRegistry registry = context.getBean(ObservationRegistry.class);
                off[0] = Observation.createNotStarted(name, registry).isNoop();
                off[1] = ServerObservation.turnedOff(context.getBean(ObservationProperties.class), name);
            });
            if (off[0] != off[1]) {
                wrong.add(name + " " + settings + ": Spring Boot " + (off[0] ? "off" : "on") + ", fast path "
                        + (off[1] ? "off" : "on"));
            }
            turnedOff += off[0] ? 1 : 0;
        }
        assertThat(wrong).isEmpty();
        // both answers were generated often
        assertThat(turnedOff).isBetween(cases / 5, cases * 4 / 5);
    }
}
