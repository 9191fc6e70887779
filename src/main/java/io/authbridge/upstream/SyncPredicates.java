package io.authbridge.upstream;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.predicate.GatewayPredicate;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A route's predicate as the plain predicate it wraps, when it is built only of the gateway's own wrappers: a
 * predicate factory's predicate ({@code AsyncPredicate.from}, answering {@code Mono.just(test)}) and their
 * {@code and}, {@code or} and {@code negate}, which evaluate left to right and stop as soon as the answer is known.
 * Tested directly, it answers what the reactive pipeline would, without one (three objects and a subscription per
 * route tried, per request). Null for anything else (a predicate reading the body, one of an application's own):
 * that route is tested the gateway's way. The wrappers keep their parts private; they are read once per route
 * refresh, and a gateway whose wrappers have other fields gets null for every route.
 */
final class SyncPredicates {

    private static final Field DELEGATE = field(AsyncPredicate.DefaultAsyncPredicate.class, "delegate");

    private static final Field AND_LEFT = field(AsyncPredicate.AndAsyncPredicate.class, "left");

    private static final Field AND_RIGHT = field(AsyncPredicate.AndAsyncPredicate.class, "right");

    private static final Field OR_LEFT = field(AsyncPredicate.OrAsyncPredicate.class, "left");

    private static final Field OR_RIGHT = field(AsyncPredicate.OrAsyncPredicate.class, "right");

    private static final Field NEGATED = field(AsyncPredicate.NegateAsyncPredicate.class, "predicate");

    private static final Field WRAPPED = field(GatewayPredicate.GatewayPredicateWrapper.class, "delegate");

    /** The parsed patterns of the {@code Path} predicate factory's predicate (its class is this field's). */
    private static final Field PATH_PATTERNS = field(pathPredicateType(), "val$pathPatterns");

    private static final PathPatternParser DEFAULT_PARSER = new PathPatternParser();

    private SyncPredicates() {
    }

    /** The plain predicate {@code predicate} wraps, or null when it is not only the gateway's wrappers. */
    @SuppressWarnings("unchecked")
    static Predicate<ServerWebExchange> of(AsyncPredicate<? super ServerWebExchange> predicate) {
        try {
            if (predicate == null) {
                return null;
            }
            Class<?> type = predicate.getClass();
            if (type == AsyncPredicate.DefaultAsyncPredicate.class && DELEGATE != null) {
                return (Predicate<ServerWebExchange>) DELEGATE.get(predicate);
            }
            if (type == AsyncPredicate.AndAsyncPredicate.class && AND_LEFT != null && AND_RIGHT != null) {
                Predicate<ServerWebExchange> left = of((AsyncPredicate<? super ServerWebExchange>) AND_LEFT.get(predicate));
                Predicate<ServerWebExchange> right = of((AsyncPredicate<? super ServerWebExchange>) AND_RIGHT.get(predicate));
                return left == null || right == null ? null : exchange -> left.test(exchange) && right.test(exchange);
            }
            if (type == AsyncPredicate.OrAsyncPredicate.class && OR_LEFT != null && OR_RIGHT != null) {
                Predicate<ServerWebExchange> left = of((AsyncPredicate<? super ServerWebExchange>) OR_LEFT.get(predicate));
                Predicate<ServerWebExchange> right = of((AsyncPredicate<? super ServerWebExchange>) OR_RIGHT.get(predicate));
                return left == null || right == null ? null : exchange -> left.test(exchange) || right.test(exchange);
            }
            if (type == AsyncPredicate.NegateAsyncPredicate.class && NEGATED != null) {
                Predicate<ServerWebExchange> negated = of((AsyncPredicate<? super ServerWebExchange>) NEGATED.get(predicate));
                return negated == null ? null : negated.negate();
            }
            return null;
        }
        catch (IllegalAccessException | ClassCastException unreadable) {
            return null;
        }
    }

    /**
     * The values a request path's first segment must have for {@code predicate} to match it, or null when it could
     * match any path. Only what is decided before anything else of the predicate runs counts: the {@code Path}
     * predicate that an {@code and} evaluates first (its left part, however deep), or every part of an {@code or}
     * that has such a predicate first; so a route skipped for its first segment would have been decided by a
     * {@code Path} predicate that fails without a side effect, never by a predicate that would have thrown or
     * answered later. A {@code Path} predicate counts only when every pattern starts with a literal segment and was
     * parsed as the default {@link PathPatternParser} parses it (case-sensitive, {@code /} separated: the literal is
     * then compared with the segment's decoded value without its matrix variables, exactly).
     */
    @SuppressWarnings("unchecked")
    static Set<String> firstSegments(AsyncPredicate<? super ServerWebExchange> predicate) {
        try {
            if (predicate == null) {
                return null;
            }
            Class<?> type = predicate.getClass();
            if (type == AsyncPredicate.DefaultAsyncPredicate.class && DELEGATE != null) {
                return pathFirstSegments(DELEGATE.get(predicate));
            }
            if (type == AsyncPredicate.AndAsyncPredicate.class && AND_LEFT != null && AND_RIGHT != null) {
                AsyncPredicate<? super ServerWebExchange> left = (AsyncPredicate<? super ServerWebExchange>) AND_LEFT.get(predicate);
                // a route's predicates as the route locator combines them: (true && first && second ...)
                return isRouteLocatorsStart(left)
                        ? firstSegments((AsyncPredicate<? super ServerWebExchange>) AND_RIGHT.get(predicate)) : firstSegments(left);
            }
            if (type == AsyncPredicate.OrAsyncPredicate.class && OR_LEFT != null && OR_RIGHT != null) {
                Set<String> left = firstSegments((AsyncPredicate<? super ServerWebExchange>) OR_LEFT.get(predicate));
                Set<String> right = firstSegments((AsyncPredicate<? super ServerWebExchange>) OR_RIGHT.get(predicate));
                if (left == null || right == null) {
                    return null;
                }
                Set<String> either = new HashSet<>(left);
                either.addAll(right);
                return either;
            }
            return null;
        }
        catch (IllegalAccessException | ClassCastException unreadable) {
            return null;
        }
    }

    /**
     * Whether what {@code predicate} evaluates first, before anything else of it, is the {@code Path} predicate
     * factory's predicate (the left part of an {@code and} or an {@code or}, the negated part of a {@code negate},
     * however deep): then testing it reads the request's path container and keeps it in the exchange, whatever the
     * request. False when that cannot be known.
     */
    @SuppressWarnings("unchecked")
    static boolean startsWithPath(AsyncPredicate<? super ServerWebExchange> predicate) {
        try {
            if (predicate == null) {
                return false;
            }
            Class<?> type = predicate.getClass();
            if (type == AsyncPredicate.DefaultAsyncPredicate.class && DELEGATE != null) {
                Object delegate = DELEGATE.get(predicate);
                return PATH_PATTERNS != null && delegate != null && delegate.getClass() == PATH_PATTERNS.getDeclaringClass();
            }
            if (type == AsyncPredicate.AndAsyncPredicate.class && AND_LEFT != null && AND_RIGHT != null) {
                AsyncPredicate<? super ServerWebExchange> left = (AsyncPredicate<? super ServerWebExchange>) AND_LEFT.get(predicate);
                return startsWithPath(isRouteLocatorsStart(left)
                        ? (AsyncPredicate<? super ServerWebExchange>) AND_RIGHT.get(predicate) : left);
            }
            if (type == AsyncPredicate.OrAsyncPredicate.class && OR_LEFT != null) {
                return startsWithPath((AsyncPredicate<? super ServerWebExchange>) OR_LEFT.get(predicate));
            }
            if (type == AsyncPredicate.NegateAsyncPredicate.class && NEGATED != null) {
                return startsWithPath((AsyncPredicate<? super ServerWebExchange>) NEGATED.get(predicate));
            }
            return false;
        }
        catch (IllegalAccessException | ClassCastException unreadable) {
            return false;
        }
    }

    /**
     * Whether {@code predicate} is the one the gateway's route locator starts every route's predicate with, {@code true
     * && ...} ({@code RouteDefinitionRouteLocator.combinePredicates}: a lambda of that class, answering true for any
     * exchange without reading it): nothing is decided and nothing happens before the route's first predicate.
     */
    @SuppressWarnings("unchecked")
    static boolean isRouteLocatorsStart(AsyncPredicate<? super ServerWebExchange> predicate) throws IllegalAccessException {
        if (predicate == null || predicate.getClass() != AsyncPredicate.DefaultAsyncPredicate.class || DELEGATE == null) {
            return false;
        }
        Object delegate = DELEGATE.get(predicate);
        if (delegate instanceof GatewayPredicate.GatewayPredicateWrapper && WRAPPED != null) {
            delegate = WRAPPED.get(delegate);
        }
        if (delegate == null || !delegate.getClass().isSynthetic()
                || !delegate.getClass().getName().startsWith(RouteDefinitionRouteLocator.class.getName() + "$$Lambda")
                || !(delegate instanceof Predicate<?> lambda)) {
            return false;
        }
        try {
            // that lambda is x -> true; another one of that class would read its argument
            return ((Predicate<Object>) lambda).test(null);
        }
        catch (RuntimeException readsItsArgument) {
            return false;
        }
    }

    /** The first segments of a {@code Path} predicate's patterns ({@link #firstSegments}), or null. */
    private static Set<String> pathFirstSegments(Object predicate) throws IllegalAccessException {
        if (PATH_PATTERNS == null || predicate == null || predicate.getClass() != PATH_PATTERNS.getDeclaringClass()) {
            return null;
        }
        if (!(PATH_PATTERNS.get(predicate) instanceof List<?> patterns) || patterns.isEmpty()) {
            return null;
        }
        Set<String> segments = new HashSet<>();
        for (Object pattern : patterns) {
            if (!(pattern instanceof PathPattern parsed) || !parsed.equals(DEFAULT_PARSER.parse(parsed.getPatternString()))) {
                return null;
            }
            String segment = literalFirstSegment(parsed.getPatternString());
            if (segment == null) {
                return null;
            }
            segments.add(segment);
        }
        return segments;
    }

    /**
     * The first segment of a pattern when it is a plain literal (letters, digits, {@code - . _ ~}: nothing a pattern
     * reads as a variable, a wildcard or an escape), else null.
     */
    static String literalFirstSegment(String pattern) {
        if (pattern.length() < 2 || pattern.charAt(0) != '/') {
            return null;
        }
        int end = pattern.indexOf('/', 1);
        String segment = pattern.substring(1, end < 0 ? pattern.length() : end);
        if (segment.isEmpty()) {
            return null;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~';
            if (!plain) {
                return null;
            }
        }
        return segment;
    }

    private static Class<?> pathPredicateType() {
        try {
            return Class.forName(PathRoutePredicateFactory.class.getName() + "$1", false,
                    PathRoutePredicateFactory.class.getClassLoader());
        }
        catch (ClassNotFoundException | LinkageError other) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) {
        if (type == null) {
            return null;
        }
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        }
        catch (ReflectiveOperationException | RuntimeException other) {
            return null;
        }
    }
}
