package io.authbridge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** AuthBridge: one token store, two credential styles, in front of internal APIs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthBridgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(AuthBridgeApplication.class, args);
    }
}
