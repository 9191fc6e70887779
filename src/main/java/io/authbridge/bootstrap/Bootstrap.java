package io.authbridge.bootstrap;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.directory.User;
import io.authbridge.store.StoreMigrations;
import io.authbridge.token.TokenSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * On a first start (no user in the store) creates the global administrator, an organization and a
 * project, in one transaction. A generated password is logged once, here, and never again.
 */
@Component
class Bootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final DirectoryStore directory;

    private final TransactionalOperator transactions;

    private final BootstrapProperties properties;

    Bootstrap(DirectoryStore directory, TransactionalOperator transactions, BootstrapProperties properties,
            StoreMigrations migrated) {
        this.directory = directory;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        Long users = directory.countUsers().block();
        if (users != null && users > 0) {
            return;
        }
        boolean generated = properties.adminPassword() == null || properties.adminPassword().isBlank();
        String password = generated ? TokenSecrets.exceptionlessStyle().substring(0, 24) : properties.adminPassword();
        String email = properties.adminEmail().trim().toLowerCase(Locale.ROOT);
        Instant now = Instant.now();
        User admin = new User(UUID.randomUUID(), email, "Administrator", new BCryptPasswordEncoder().encode(password),
                true, true, now, now);
        Organization organization = new Organization(UUID.randomUUID(), properties.organizationName(), now, now);
        Project project = new Project(UUID.randomUUID(), organization.id(), null, properties.projectName(), false, now,
                now);
        transactions.transactional(directory.createUser(admin)
            .then(directory.createOrganization(organization))
            .then(directory.addMember(organization.id(), admin.id()))
            .then(directory.createProject(project))).block();
        if (generated) {
            log.info("Bootstrap: created global administrator {} with the generated password {} (shown only now; "
                    + "set authbridge.bootstrap.admin-password to choose it), organization '{}' ({}) and project '{}' ({})",
                    email, password, organization.name(), organization.id(), project.name(), project.id());
        }
        else {
            log.info("Bootstrap: created global administrator {} with the configured password, organization '{}' ({}) "
                    + "and project '{}' ({})", email, organization.name(), organization.id(), project.name(), project.id());
        }
    }
}
