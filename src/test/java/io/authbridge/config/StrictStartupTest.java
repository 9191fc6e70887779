package io.authbridge.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.authbridge.AuthBridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A configuration with typos, run as an operator would run it: startup stops before any port opens, with one
 * Spring Boot failure analysis that names each route and argument (and each unknown property), not a trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class StrictStartupTest {

    private static final String ROUTES = "--spring.cloud.gateway.server.webflux.routes";

    @Test
    void typosStopStartupBeforeAnyPortOpensWithOneAnalysisNamingRouteAndArgument(CapturedOutput output) {
        int port = freePort();
        AtomicBoolean serverStarted = new AtomicBoolean();
        SpringApplication application = new SpringApplication(AuthBridgeApplication.class);
        application.addListeners((ApplicationListener<WebServerInitializedEvent>) event -> serverStarted.set(true));

        assertThatThrownBy(() -> application.run("--spring.config.location=classpath:/application.yml",
                "--server.port=" + port, "--management.server.port=" + port,
                "--spring.r2dbc.url=r2dbc:h2:mem:///strict-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--authbridge.security.token-pepper=strict-startup-test-pepper-0123456789",
                "--authbridge.token-cach.maximum-size=5",
                ROUTES + "[0].id=typo", ROUTES + "[0].uri=http://127.0.0.1:9",
                ROUTES + "[0].predicates[0]=Path=/t/**", ROUTES + "[0].filters[0].name=Authorize",
                ROUTES + "[0].filters[0].args.scopez=client",
                ROUTES + "[1].id=mode", ROUTES + "[1].uri=http://127.0.0.1:9", ROUTES + "[1].predicates[0]=Path=/m/**",
                ROUTES + "[1].filters[0]=UpstreamAuth=bearr", ROUTES + "[1].metadata.dialect=lamel"))
            .hasStackTraceContaining("InvalidConfigurationException");

        assertThat(serverStarted).as("a web server started").isFalse();
        assertThat(listening(port)).as("something listens on " + port).isFalse();
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
            .contains("AuthBridge refused its configuration")
            .contains("route 'typo', 'Authorize.scopez': unknown argument of Authorize")
            .contains("route 'mode', 'metadata.dialect': unknown dialect 'lamel'")
            .contains("route 'mode': UpstreamAuth: unknown mode 'bearr'")
            .contains("'authbridge.token-cach.maximum-size': unknown property")
            .contains("'management.server.port': the actuator is never served on the gateway's port")
            .doesNotContain("reactor.core.publisher");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
