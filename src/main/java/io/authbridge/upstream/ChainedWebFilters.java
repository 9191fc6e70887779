package io.authbridge.upstream;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * AuthBridge's own web filters (access log, client address, canonical path, request head and body checks, the
 * drain's {@code Connection: close}), one after another as one filter of the server's chain. Spring's chain
 * ({@code DefaultWebFilterChain}) defers each filter until its turn, as this one does, and also marks each with a
 * checkpoint named after the filter's {@code toString()}: a string built, an assembly snapshot and one more
 * subscriber that every signal of the exchange passes through, per filter and per request, for the sake of
 * the stack traces of errors. With seven such filters that was a percent of a request's CPU. Only a run of
 * consecutive AuthBridge filters is chained here, at the place the run had in the server's ordered list, so the
 * order of every filter stays what its {@code Ordered} says. Part of the fast path ({@link FastPathProperties}).
 */
final class ChainedWebFilters implements WebFilter {

    private final WebFilter[] filters;

    /**
     * Spring's chain names the checkpoint of every request after this text: built once, not per request (the
     * text of seven filters cost about 1.5 µs of every request).
     */
    private final String name;

    private ChainedWebFilters(List<WebFilter> filters) {
        this.filters = filters.toArray(WebFilter[]::new);
        this.name = "ChainedWebFilters" + filters;
    }

    /**
     * The server's ordered filters with each run of two or more consecutive AuthBridge filters in one
     * {@code ChainedWebFilters}, at the run's place; the framework's filters stay where they were.
     */
    static void chain(List<WebFilter> ordered) {
        List<WebFilter> result = new ArrayList<>(ordered.size());
        List<WebFilter> run = new ArrayList<>();
        for (WebFilter filter : ordered) {
            if (isOwn(filter)) {
                run.add(filter);
                continue;
            }
            flush(run, result);
            result.add(filter);
        }
        flush(run, result);
        ordered.clear();
        ordered.addAll(result);
    }

    private static void flush(List<WebFilter> run, List<WebFilter> result) {
        if (run.size() == 1) {
            result.add(run.get(0));
        }
        else if (!run.isEmpty()) {
            result.add(new ChainedWebFilters(run));
        }
        run.clear();
    }

    /** A filter chained here: AuthBridge's, not already a chain. */
    private static boolean isOwn(WebFilter filter) {
        return !(filter instanceof ChainedWebFilters) && isAuthBridges(filter);
    }

    /** Whether {@code filter} is one of AuthBridge's own (a chain of them included). */
    static boolean isAuthBridges(WebFilter filter) {
        return filter.getClass().getName().startsWith("io.authbridge.");
    }

    /** The filters chained, in their order. */
    List<WebFilter> filters() {
        return List.of(filters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return filters[0].filter(exchange, new Next(1, chain));
    }

    /** The rest of the run, then the server's chain; like Spring's, each filter runs when its turn is subscribed. */
    private final class Next implements WebFilterChain {

        private final int index;

        private final WebFilterChain server;

        Next(int index, WebFilterChain server) {
            this.index = index;
            this.server = server;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            if (index == filters.length) {
                return server.filter(exchange);
            }
            return Mono.defer(() -> filters[index].filter(exchange, new Next(index + 1, server)));
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
