package io.authbridge.store;

import io.r2dbc.spi.ConnectionFactoryOptions;

/**
 * The JDBC URL of the database an R2DBC URL points at, so that Flyway migrates the very store the
 * gateway reads: {@code r2dbc:h2:file:///./data/x} is {@code jdbc:h2:file:./data/x},
 * {@code r2dbc:h2:mem:///x} is {@code jdbc:h2:mem:x}, {@code r2dbc:postgresql://h:p/db} is
 * {@code jdbc:postgresql://h:p/db}.
 */
final class JdbcUrls {

    private JdbcUrls() {
    }

    static String fromR2dbc(String r2dbcUrl) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(r2dbcUrl);
        String driver = String.valueOf(options.getValue(ConnectionFactoryOptions.DRIVER));
        Object protocol = options.getValue(ConnectionFactoryOptions.PROTOCOL);
        String database = String.valueOf(options.getValue(ConnectionFactoryOptions.DATABASE));
        String query = r2dbcUrl.contains("?") ? r2dbcUrl.substring(r2dbcUrl.indexOf('?') + 1) : "";
        switch (driver) {
            case "h2" -> {
                String h2Options = query.isEmpty() ? "" : ";" + query.replace('&', ';');
                if ("mem".equals(protocol)) {
                    return "jdbc:h2:mem:" + database + h2Options;
                }
                return "jdbc:h2:file:" + database + h2Options;
            }
            case "postgresql", "postgres" -> {
                Object host = options.getValue(ConnectionFactoryOptions.HOST);
                Object port = options.getValue(ConnectionFactoryOptions.PORT);
                return "jdbc:postgresql://" + host + (port == null ? "" : ":" + port) + "/" + database
                        + (query.isEmpty() ? "" : "?" + query);
            }
            default -> throw new IllegalStateException("Cannot derive a JDBC URL for Flyway from the R2DBC driver '"
                    + driver + "'; set authbridge.store.jdbc-url");
        }
    }
}
