package io.authbridge.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the pepper: the configured one, else the one kept in the pepper file, else a new random one
 * written there (readable by its owner only). The pepper itself is never logged.
 */
final class TokenPepper {

    private static final Logger log = LoggerFactory.getLogger(TokenPepper.class);

    private static final int MINIMUM_LENGTH = 16;

    private TokenPepper() {
    }

    static byte[] resolve(SecurityProperties properties) {
        if (properties.tokenPepper() != null && !properties.tokenPepper().isBlank()) {
            return checked(properties.tokenPepper().getBytes(StandardCharsets.UTF_8), "authbridge.security.token-pepper");
        }
        Path file = properties.pepperFile();
        try {
            if (Files.exists(file)) {
                return checked(Files.readString(file, StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8),
                        file.toString());
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String pepper = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, pepper, StandardCharsets.UTF_8);
            restrictToOwner(file);
            log.info("Generated a token pepper in {}; every instance sharing this store needs the same one "
                    + "(authbridge.security.token-pepper)", file);
            return pepper.getBytes(StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or create the token pepper file " + file, ex);
        }
    }

    private static byte[] checked(byte[] pepper, String source) {
        if (pepper.length < MINIMUM_LENGTH) {
            throw new IllegalStateException("The token pepper from " + source + " must be at least " + MINIMUM_LENGTH
                    + " bytes long");
        }
        return pepper;
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, Set.of(PosixFilePermissions.fromString("rw-------").toArray(
                    new java.nio.file.attribute.PosixFilePermission[0])));
        }
        catch (UnsupportedOperationException | IOException ex) {
            log.debug("Could not restrict the permissions of {}", file);
        }
    }
}
