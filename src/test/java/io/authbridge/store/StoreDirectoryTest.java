package io.authbridge.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StoreDirectoryTest {

    @Test
    void theDirectoryOfAnH2FileStoreIsCreatedOwnerOnly(@TempDir Path temp) throws Exception {
        Assumptions.assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path directory = temp.resolve("data");
        StoreMigrations.createPrivateDirectory("jdbc:h2:file:" + directory.resolve("authbridge") + ";MODE=PostgreSQL");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryAndOtherStoresAreLeftAlone(@TempDir Path temp) throws Exception {
        StoreMigrations.createPrivateDirectory("jdbc:postgresql://127.0.0.1:5432/test");
        StoreMigrations.createPrivateDirectory("jdbc:h2:mem:x");
        String before = PosixFilePermissions.toString(Files.getPosixFilePermissions(temp));
        StoreMigrations.createPrivateDirectory("jdbc:h2:file:" + temp.resolve("authbridge"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp))).isEqualTo(before);
    }
}
