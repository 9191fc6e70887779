package io.authbridge.upstream;

import java.lang.reflect.Field;
import java.util.function.Predicate;

import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.web.server.ServerWebExchange;

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

    private static Field field(Class<?> type, String name) {
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
