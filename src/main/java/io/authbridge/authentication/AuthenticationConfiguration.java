package io.authbridge.authentication;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;
import io.authbridge.credential.CredentialParser;
import io.authbridge.credential.CredentialProperties;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.token.ProjectCache;
import io.authbridge.token.TokenCache;
import io.authbridge.token.TokenHasher;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The credential parser, the authenticator and the filter that puts them in front of every route. */
@Configuration(proxyBeanMethods = false)

class AuthenticationConfiguration {

    @Bean
    CredentialParser credentialParser(CredentialProperties properties) {
        return new CredentialParser(properties.queryParameters());
    }

    @Bean
    Authenticator authenticator(TokenHasher hasher, TokenCache tokens, ProjectCache projects,
            FailureLimitProperties failureLimit) {
        return new Authenticator(hasher, tokens, projects, new FailureLimiter(failureLimit, Ticker.systemTicker()),
                Clock.systemUTC());
    }

    @Bean
    ProjectAccess projectAccess(ProjectCache projects) {
        return new ProjectAccess(projects);
    }

    @Bean
    AuthenticationGlobalFilter authenticationGlobalFilter(CredentialParser parser, Authenticator authenticator,
            ErrorResponseWriter errors) {
        return new AuthenticationGlobalFilter(parser, authenticator, errors);
    }

    /**
     * @param trustedProxies regular expression of the proxy addresses whose {@code X-Forwarded-For} is believed
     */
    @Bean
    ClientAddress clientAddress(@Value("${authbridge.trusted-proxies:}") String trustedProxies) {
        return new ClientAddress(trustedProxies);
    }

    /**
     * @param trustedProxies regular expression of the proxy addresses whose {@code X-Forwarded-For} is kept
     */
    @Bean
    UpstreamHeadersFilter upstreamHeadersFilter(IdentityHeadersProperties identityHeaders,
            @Value("${authbridge.trusted-proxies:}") String trustedProxies) {
        return new UpstreamHeadersFilter(identityHeaders.prefix(), trustedProxies);
    }
}
