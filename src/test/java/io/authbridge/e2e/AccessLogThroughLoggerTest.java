package io.authbridge.e2e;

import java.time.Duration;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code authbridge.access-log.target=logger} each line is an event of the {@code authbridge.access}
 * logger, for whatever appenders logback is configured with.
 */
@TestPropertySource(properties = "authbridge.access-log.target=logger")
class AccessLogThroughLoggerTest extends GatewayTestSupport {

    @Test
    void theLineIsAnEventOfTheAccessLogger() {
        Logger logger = (Logger) LoggerFactory.getLogger("authbridge.access");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            client.get().uri("/public/through-logger").exchange().expectStatus().isOk();

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.list.stream().anyMatch(event ->
                    event.getFormattedMessage().matches("GET /public/through-logger 200 \\d+ms route=public "
                            + "auth=anonymous token=- ip=127\\.0\\.0\\.1")));
        }
        finally {
            logger.detachAppender(events);
        }
    }
}
