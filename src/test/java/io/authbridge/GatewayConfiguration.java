package io.authbridge;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** What the gateway binds route arguments with, for tests that build routes or check them outside a context. */
public final class GatewayConfiguration {

    private GatewayConfiguration() {
    }

    /** The gateway's configuration service with Spring Boot's conversions and no bean validation. */
    public static ConfigurationService withoutValidation() {
        Validator none = new Validator() {

            @Override
            public boolean supports(Class<?> type) {
                return false;
            }

            @Override
            public void validate(Object target, Errors errors) {
            }
        };
        return new ConfigurationService(new DefaultListableBeanFactory(), ApplicationConversionService::getSharedInstance,
                () -> none);
    }
}
