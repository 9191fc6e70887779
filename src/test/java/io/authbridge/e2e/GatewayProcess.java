package io.authbridge.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.authbridge.AuthBridgeApplication;

/**
 * AuthBridge in a JVM of its own, started from the test's class path, for what an in-process context cannot
 * show: how the process logs from its first line (the logging system is configured once per JVM), and what
 * it does on SIGTERM ({@link Process#destroy()}). Its standard output is collected line by line.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;

    private final List<String> output = new CopyOnWriteArrayList<>();

    private final int port;

    private final int managementPort;

    private final Thread reader;

    private GatewayProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            }
            catch (IOException ex) {
                // the process ended
            }
        }, "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the gateway with the application's defaults, an in-memory store, these properties on top, and
     * waits until its port answers.
     */
    static GatewayProcess start(Map<String, String> properties) throws IOException, InterruptedException {
        int port = freePort();
        int managementPort = freePort();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spring.config.location", "classpath:/application.yml");
        all.put("server.port", Integer.toString(port));
        all.put("management.server.port", Integer.toString(managementPort));
        all.put("spring.r2dbc.url", "r2dbc:h2:mem:///process-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        all.put("authbridge.security.token-pepper", "gateway-process-test-pepper-0123456789");
        all.put("authbridge.bootstrap.admin-password", GatewayTestSupport.ADMIN_PASSWORD);
        all.put("authbridge.demo.echo-upstream.enabled", "false");
        all.putAll(properties);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AuthBridgeApplication.class.getName()));
        all.forEach((name, value) -> command.add("--" + name + "=" + value));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        GatewayProcess gateway = new GatewayProcess(process, port, managementPort);
        gateway.awaitPort(Duration.ofSeconds(90));
        return gateway;
    }

    int port() {
        return port;
    }

    int managementPort() {
        return managementPort;
    }

    /** Every line written so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    Process process() {
        return process;
    }

    /**
     * SIGTERM, as an orchestrator stops a container; through the process handle, because
     * {@link Process#destroy()} also closes the pipe its output is read from.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the process to end and its output to be read to the end. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (exited) {
            reader.join(5000);
        }
        return exited;
    }

    private void awaitPort(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + process.exitValue() + ":\n"
                        + String.join("\n", output));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            }
            catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the gateway did not open port " + port + " in " + timeout + ":\n"
                + String.join("\n", output));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
