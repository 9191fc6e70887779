package io.authbridge;

import java.net.URI;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.client.reactive.ClientHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A test client's connector that reads and releases, when the test is over, every response body the test never
 * read. {@code WebTestClient}'s {@code expectStatus()} alone leaves the body in the client's connection, whose
 * pooled buffers the garbage collector then reports as Netty {@code LEAK}s: the test's, not the gateway's, but in
 * the same log as a leak of the gateway's would be ({@code BufferLeaksTest} looks for those).
 */
public final class DrainingConnector implements ClientHttpConnector {

    private final ClientHttpConnector connector;

    private final Queue<TrackedResponse> responses = new ConcurrentLinkedQueue<>();

    public DrainingConnector(ClientHttpConnector connector) {
        this.connector = connector;
    }

    @Override
    public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
            Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
        return connector.connect(method, uri, requestCallback).map(response -> {
            TrackedResponse tracked = new TrackedResponse(response);
            responses.add(tracked);
            return tracked;
        });
    }

    /** Reads and releases the bodies of the responses received so far that nobody read. */
    public void drainUnread() {
        for (TrackedResponse response = responses.poll(); response != null; response = responses.poll()) {
            response.drainIfUnread();
        }
    }

    private static final class TrackedResponse extends ClientHttpResponseDecorator {

        private final AtomicBoolean read = new AtomicBoolean();

        TrackedResponse(ClientHttpResponse response) {
            super(response);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return super.getBody().doOnSubscribe(subscription -> read.set(true));
        }

        void drainIfUnread() {
            if (read.compareAndSet(false, true)) {
                super.getBody().subscribe(DataBufferUtils::release, failure -> { });
            }
        }
    }
}
