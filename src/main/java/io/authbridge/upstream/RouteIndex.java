package io.authbridge.upstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_PATH_CONTAINER_ATTR;

/**
 * Which routes of a snapshot a request can match, by the first segment of its path: a route whose {@code Path}
 * predicate decides first and needs a literal first segment ({@link SyncPredicates#firstSegments}) is tried only
 * for requests with that segment; every other route for every request; always in the routes' order. The gateway's
 * own lookup tries every route before the one that matches; with many routes that is most of a lookup. The segment
 * is read from the path container the {@code Path} predicate reads ({@code PathContainer.parsePath} of the raw
 * path, kept in the exchange's attribute the predicate takes it from), as the decoded value without matrix
 * variables it compares: a segment the predicate would match is never looked up under another. A path that does
 * not start with {@code /} and a segment tries every route.
 */
final class RouteIndex {

    /** For each first segment some route needs: the positions of those routes and of every route that needs none. */
    private final Map<String, int[]> bySegment;

    /** For any other first segment: the positions of the routes that need none. */
    private final int[] unkeyed;

    /** Every position: for a path without a first segment, and when no route needs one. */
    private final int[] all;

    private RouteIndex(Map<String, int[]> bySegment, int[] unkeyed, int[] all) {
        this.bySegment = bySegment;
        this.unkeyed = unkeyed;
        this.all = all;
    }

    /** The index of these routes, in order. */
    static RouteIndex of(List<Route> routes) {
        List<Set<String>> needs = new ArrayList<>(routes.size());
        Set<String> segments = new TreeSet<>();
        for (Route route : routes) {
            Set<String> need = SyncPredicates.firstSegments(route.getPredicate());
            needs.add(need);
            if (need != null) {
                segments.addAll(need);
            }
        }
        int[] all = new int[routes.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        if (segments.isEmpty()) {
            return new RouteIndex(Map.of(), all, all);
        }
        Map<String, int[]> bySegment = new HashMap<>();
        for (String segment : segments) {
            bySegment.put(segment, positions(needs, segment));
        }
        return new RouteIndex(bySegment, positions(needs, null), all);
    }

    /** The positions of the routes that need no segment and (when not null) of those that take {@code segment}. */
    private static int[] positions(List<Set<String>> needs, String segment) {
        return IntStream.range(0, needs.size())
            .filter(i -> needs.get(i) == null || segment != null && needs.get(i).contains(segment))
            .toArray();
    }

    /** The positions, in order, of the routes {@code exchange} can match. */
    int[] candidates(ServerWebExchange exchange) {
        if (bySegment.isEmpty()) {
            return all;
        }
        PathContainer path = path(exchange);
        if (path == null) {
            return all;
        }
        List<PathContainer.Element> elements = path.elements();
        if (elements.size() < 2 || !(elements.get(0) instanceof PathContainer.Separator)
                || !(elements.get(1) instanceof PathContainer.PathSegment first)) {
            return all;
        }
        int[] routes = bySegment.get(first.valueToMatch());
        return routes != null ? routes : unkeyed;
    }

    /**
     * The path container the {@code Path} predicate reads, made and kept as it makes and keeps it; null when it
     * cannot be made (no raw path): then every route is tried and the predicate fails on it as it would have.
     */
    private static PathContainer path(ServerWebExchange exchange) {
        if (exchange.getAttributes().get(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR) instanceof PathContainer kept) {
            return kept;
        }
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (rawPath == null) {
            return null;
        }
        PathContainer parsed = PathContainer.parsePath(rawPath);
        exchange.getAttributes().put(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR, parsed);
        return parsed;
    }
}
