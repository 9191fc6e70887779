package io.authbridge.credential;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where credentials are accepted besides the {@code Authorization} header.
 *
 * @param queryParameters query parameters read as a token, in order, only when no {@code Authorization}
 *     header is present; an empty list disables query credentials
 */
@ConfigurationProperties("authbridge.credentials")
public record CredentialProperties(@DefaultValue({ "access_token", "api_key", "apikey" }) List<String> queryParameters) {

    public CredentialProperties {
        queryParameters = queryParameters == null ? List.of()
                : queryParameters.stream().map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
    }
}
