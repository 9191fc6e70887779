package io.authbridge.store;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.stereotype.Component;

/**
 * Brings the store's schema up to date with Flyway before the gateway serves, over JDBC to the same
 * database the R2DBC store uses. The same migrations serve H2 and PostgreSQL.
 */
@Component
public class StoreMigrations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StoreMigrations.class);

    private final R2dbcProperties r2dbc;

    private final StoreProperties store;

    StoreMigrations(R2dbcProperties r2dbc, StoreProperties store) {
        this.r2dbc = r2dbc;
        this.store = store;
    }

    @Override
    public void afterPropertiesSet() {
        String jdbcUrl = store.jdbcUrl() != null && !store.jdbcUrl().isBlank() ? store.jdbcUrl()
                : JdbcUrls.fromR2dbc(r2dbc.getUrl());
        var result = Flyway.configure()
            .dataSource(jdbcUrl, r2dbc.getUsername(), r2dbc.getPassword())
            .locations("classpath:db/migration")
            .load()
            .migrate();
        log.info("Token store schema at version {} ({} migration(s) applied)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }
}
