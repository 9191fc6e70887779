package io.authbridge.upstream;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.handler.DefaultWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chained filters against Spring's own chain, on generated filter lists: the same filters run, in the same
 * order, each when its turn is subscribed (not when the filter before it was called), and the framework's
 * filters keep their places among them.
 */
class ChainedWebFiltersTest {

    @Test
    void chainedFiltersRunWhatSpringsChainRunsInTheSameOrderAtTheSameMoments() {
        Random random = new Random(12);
        for (int round = 0; round < 2_000; round++) {
            List<Behaviour> behaviours = new ArrayList<>();
            int count = 1 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                behaviours.add(Behaviour.values()[random.nextInt(Behaviour.values().length)]);
            }
            boolean[] own = new boolean[count];
            for (int i = 0; i < count; i++) {
                own[i] = random.nextInt(4) != 0;
            }
            List<String> spring = run(behaviours, own, false);
            List<String> chained = run(behaviours, own, true);
            assertThat(chained).as("%s own %s", behaviours, java.util.Arrays.toString(own)).isEqualTo(spring);
        }
    }

    @Test
    void onlyRunsOfConsecutiveOwnFiltersAreChainedInPlace() {
        List<WebFilter> filters = new ArrayList<>(List.of(own("a"), own("b"), framework("f"), own("c"), framework("g"),
                own("d"), own("e"), own("h")));
        ChainedWebFilters.chain(filters);
        assertThat(filters).hasSize(5);
        assertThat(((ChainedWebFilters) filters.get(0)).filters()).extracting(Object::toString).containsExactly("a", "b");
        assertThat(filters.get(1)).hasToString("f");
        assertThat(filters.get(2)).hasToString("c");
        assertThat(filters.get(3)).hasToString("g");
        assertThat(((ChainedWebFilters) filters.get(4)).filters()).extracting(Object::toString).containsExactly("d", "e", "h");
    }

    /** What a generated filter does around the rest of the chain. */
    enum Behaviour {
        PASS, PASS_LATER, STOP, FAIL, CALL_TWICE, CALL_BUT_DROP, THEN_AFTER_DELAY
    }

    /** The events of one request through the filters, either through Spring's chain alone or with runs chained. */
    private static List<String> run(List<Behaviour> behaviours, boolean[] own, boolean chained) {
        List<String> events = new ArrayList<>();
        List<WebFilter> filters = new ArrayList<>();
        for (int i = 0; i < behaviours.size(); i++) {
            WebFilter filter = recording(i, behaviours.get(i), events);
            filters.add(own[i] ? new OwnFilter(filter) : framework(filter, filter.toString()));
        }
        if (chained) {
            ChainedWebFilters.chain(filters);
        }
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
        DefaultWebFilterChain chain = new DefaultWebFilterChain(e -> Mono.fromRunnable(() -> events.add("handler")), filters);
        events.add("assembled");
        Mono<Void> result = chain.filter(exchange);
        events.add("subscribing");
        try {
            result.block();
            events.add("completed");
        }
        catch (RuntimeException failed) {
            events.add("failed " + failed.getMessage());
        }
        return events;
    }

    private static WebFilter recording(int index, Behaviour behaviour, List<String> events) {
        IntFunction<String> name = i -> "filter " + index + " " + behaviour;
        return (exchange, chain) -> {
            events.add(name.apply(index) + " called");
            return switch (behaviour) {
                case PASS -> chain.filter(exchange).doOnSubscribe(s -> events.add(name.apply(index) + " subscribed"));
                case PASS_LATER -> Mono.fromRunnable(() -> events.add(name.apply(index) + " first")).then(Mono.defer(() -> chain.filter(exchange)));
                case STOP -> Mono.fromRunnable(() -> events.add(name.apply(index) + " answered"));
                case FAIL -> Mono.error(new IllegalStateException(name.apply(index)));
                case CALL_TWICE -> chain.filter(exchange).then(chain.filter(exchange));
                case CALL_BUT_DROP -> {
                    chain.filter(exchange);
                    yield Mono.fromRunnable(() -> events.add(name.apply(index) + " dropped the rest"));
                }
                case THEN_AFTER_DELAY -> Mono.fromRunnable(() -> events.add(name.apply(index) + " waited")).then(chain.filter(exchange));
            };
        };
    }

    private static WebFilter own(String name) {
        return new OwnFilter(framework(name));
    }

    private static WebFilter framework(String name) {
        return framework((exchange, chain) -> chain.filter(exchange), name);
    }

    /** {@code filter} as a filter whose class is not AuthBridge's (a proxy class, outside io.authbridge). */
    private static WebFilter framework(WebFilter filter, String name) {
        return (WebFilter) Proxy.newProxyInstance(WebFilter.class.getClassLoader(), new Class<?>[] {WebFilter.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "filter" -> filter.filter((ServerWebExchange) args[0], (WebFilterChain) args[1]);
                case "toString" -> name;
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    /** A filter of AuthBridge's (its class is in io.authbridge) around a generated one. */
    private record OwnFilter(WebFilter delegate) implements WebFilter {

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
            return delegate.filter(exchange, chain);
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
