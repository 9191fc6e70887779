package io.authbridge.invalidation;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code spring.r2dbc.url} names PostgreSQL (directly or behind {@code r2dbc:pool:}). */
final class PostgresStoreCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String url = context.getEnvironment().getProperty("spring.r2dbc.url", "");
        return isPostgres(url) ? ConditionOutcome.match("the store is PostgreSQL")
                : ConditionOutcome.noMatch("the store is not PostgreSQL");
    }

    static boolean isPostgres(String r2dbcUrl) {
        String url = r2dbcUrl.trim();
        return url.startsWith("r2dbc:postgresql:") || url.startsWith("r2dbc:postgres:")
                || url.startsWith("r2dbc:pool:postgresql:") || url.startsWith("r2dbc:pool:postgres:");
    }
}
