package io.authbridge.management;

import io.authbridge.authentication.Authenticator;
import io.authbridge.credential.CredentialParser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** What the two dialects' routes share: the caller resolved once, and the JSON body read. */
@Configuration(proxyBeanMethods = false)
class ManagementConfiguration {

    @Bean
    ManagementHandlers managementHandlers(CredentialParser parser, Authenticator authenticator, JsonMapper jsonMapper) {
        return new ManagementHandlers(new ManagementAuthentication(parser, authenticator), new JsonBodies(jsonMapper),
                false);
    }
}
