package io.authbridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
        createPrivateDirectory(jdbcUrl);
        var result = Flyway.configure()
            .dataSource(jdbcUrl, r2dbc.getUsername(), r2dbc.getPassword())
            .locations("classpath:db/migration")
            .load()
            .migrate();
        log.info("Token store schema at version {} ({} migration(s) applied)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * Creates the directory of an H2 file store owner-only ({@code rwx------}) before H2 would create it with the
     * process's umask (world-readable): the store holds token hashes, users and the audit log, as private as the
     * pepper and the signing key beside it. An existing directory is left as the operator made it.
     */
    static void createPrivateDirectory(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:file:")) {
            return;
        }
        String database = jdbcUrl.substring("jdbc:h2:file:".length());
        int options = database.indexOf(';');
        if (options >= 0) {
            database = database.substring(0, options);
        }
        if (database.startsWith("~")) {
            database = System.getProperty("user.home") + database.substring(1);
        }
        Path directory = Path.of(database).toAbsolutePath().getParent();
        if (directory == null || Files.exists(directory)) {
            return;
        }
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            else {
                Files.createDirectories(directory);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create the store's directory " + directory, ex);
        }
    }
}
