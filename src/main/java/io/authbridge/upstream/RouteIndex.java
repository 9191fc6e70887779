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
 * path, or the one already in the exchange's attribute the predicate takes it from), as the decoded value without matrix
 * variables it compares: a segment the predicate would match is never looked up under another. A path that does
 * not start with {@code /} and a segment tries every route. The path container is left in the exchange only where the
 * gateway's lookup leaves it too.
 */
final class RouteIndex {

    /** For each first segment some route needs: the positions of those routes and of every route that needs none. */
    private final Map<String, int[]> bySegment;

    /** For any other first segment: the positions of the routes that need none. */
    private final int[] unkeyed;

    /** Every position: for a path without a first segment, and when no route needs one. */
    private final int[] all;

    /** Every route tried, nothing to keep: the answer for most requests that the index cannot narrow. */
    private final Candidates everyRoute;

    /**
     * Whether the path container made here is kept in the exchange at once: the gateway's lookup keeps it whatever the
     * request, because the first route's predicate starts with a {@code Path} predicate, tested before anything else.
     * Otherwise it is kept only once a skipped route would have been tested ({@link Candidates}).
     */
    private final boolean keep;

    private RouteIndex(Map<String, int[]> bySegment, int[] unkeyed, int[] all, boolean keep) {
        this.bySegment = bySegment;
        this.unkeyed = unkeyed;
        this.all = all;
        this.keep = keep;
        this.everyRoute = new Candidates(all, null);
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
            return new RouteIndex(Map.of(), all, all, false);
        }
        Map<String, int[]> bySegment = new HashMap<>();
        for (String segment : segments) {
            bySegment.put(segment, positions(needs, segment));
        }
        return new RouteIndex(bySegment, positions(needs, null), all,
                SyncPredicates.startsWithPath(routes.get(0).getPredicate()));
    }

    /** The positions of the routes that need no segment and (when not null) of those that take {@code segment}. */
    private static int[] positions(List<Set<String>> needs, String segment) {
        return IntStream.range(0, needs.size())
            .filter(i -> needs.get(i) == null || segment != null && needs.get(i).contains(segment))
            .toArray();
    }

    /** The positions, in order, of the routes {@code exchange} can match. */
    Candidates candidates(ServerWebExchange exchange) {
        if (bySegment.isEmpty()) {
            return everyRoute;
        }
        Object kept = exchange.getAttributes().get(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR);
        PathContainer path = kept != null ? (kept instanceof PathContainer container ? container : null) : parsed(exchange);
        if (path == null) {
            return everyRoute;
        }
        List<PathContainer.Element> elements = path.elements();
        if (elements.size() < 2 || !(elements.get(0) instanceof PathContainer.Separator)
                || !(elements.get(1) instanceof PathContainer.PathSegment first)) {
            return everyRoute;
        }
        int[] routes = bySegment.get(first.valueToMatch());
        int[] positions = routes != null ? routes : unkeyed;
        boolean skipsFirst = positions.length < all.length && (positions.length == 0 || positions[0] > 0);
        if (kept == null && (keep || skipsFirst)) {
            // the gateway's lookup keeps it now: its first route's Path predicate, or a skipped one before every
            // route tried, would be tested first
            exchange.getAttributes().put(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR, path);
            return new Candidates(positions, null);
        }
        return new Candidates(positions, kept == null && positions.length < all.length ? path : null);
    }

    /**
     * The path container the {@code Path} predicate makes ({@code parsePath} of the raw path); null when it cannot be
     * made (no raw path, an escape the parser refuses): then every route is tried and the predicate does what it would
     * have.
     */
    private static PathContainer parsed(ServerWebExchange exchange) {
        String rawPath = exchange.getRequest().getURI().getRawPath();
        if (rawPath == null) {
            return null;
        }
        try {
            return PathContainer.parsePath(rawPath);
        }
        catch (IllegalArgumentException unparsable) {
            return null;
        }
    }

    /**
     * The positions, in order, of the routes to try; and the path container made for them and not yet kept in the
     * exchange (null when there is none to keep): the gateway's lookup keeps it when it tests the first {@code Path}
     * predicate, so it is kept as soon as a skipped route (whose predicate starts with one) would have been tested.
     * A path container made here and kept where the gateway's lookup keeps none would be read by a later lookup on
     * the same attributes for another path (a {@code forward:} route's request, looked up again) instead of its own.
     */
    record Candidates(int[] positions, PathContainer unkept) {

        /**
         * Keeps the path container in {@code exchange} if the routes before the one at {@code position} of
         * {@link #positions} include a skipped one ({@code position == positions.length}: after every route).
         */
        void passed(ServerWebExchange exchange, int position) {
            if (unkept != null && (position == positions.length || positions[position] > position)) {
                exchange.getAttributes().putIfAbsent(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR, unkept);
            }
        }
    }
}
