package io.authbridge.management;

import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;

/** The gateway serves an OpenAPI document describing both management APIs, without a credential. */
class OpenApiDocumentTest extends GatewayTestSupport {

    @Test
    void theOpenApiDocumentDescribesEveryManagementEndpointOfBothDialects() {
        client.get().uri("/docs/v2/openapi.json").exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith("application/json")
            .expectBody()
            .jsonPath("$.openapi").isEqualTo("3.1.0")
            .jsonPath("$.paths['/api/v2/auth/login'].post").exists()
            .jsonPath("$.paths['/api/v2/projects/{id}/tokens'].post.responses['201']").exists()
            .jsonPath("$.paths['/api/v2/tokens/{ids}'].delete").exists()
            .jsonPath("$.paths['/api/v2/admin/audit-log'].get").exists()
            .jsonPath("$.paths['/api/v2/users/me'].get").exists()
            .jsonPath("$.paths['/api/v2/admin/routes'].get.parameters[0].name").isEqualTo("token_id")
            .jsonPath("$.paths['/api/v2/admin/explain'].post.responses['200']").exists()
            .jsonPath("$.paths['/api/v2/admin/tokens/import'].post.responses['413']").exists()
            .jsonPath("$.paths['/api/v2/admin/tokens/import'].post.requestBody.content['application/x-ndjson']").exists()
            .jsonPath("$.components.schemas.ImportRow.required[0]").isEqualTo("token")
            .jsonPath("$.components.schemas.ImportReport.properties.rows.items.properties.code.enum[0]")
                .isEqualTo("duplicate")
            .jsonPath("$.components.schemas.Explanation.properties.decision.enum[2]").isEqualTo("no_route")
            .jsonPath("$.paths['/api/project/tokens'].post.responses['422']").exists()
            .jsonPath("$.paths['/api/project/tokens/{id}'].patch").exists()
            .jsonPath("$.paths['/api/projects'].post.responses['201']").exists()
            .jsonPath("$.paths['/.well-known/jwks.json'].get.responses['200']").exists()
            .jsonPath("$.components.securitySchemes.Basic.scheme").isEqualTo("basic");
    }

    @Test
    void theYamlFormIsServedToo() {
        client.get().uri("/docs/v2/openapi.yaml").exchange()
            .expectStatus().isOk()
            .expectHeader().contentTypeCompatibleWith("application/yaml")
            .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body)
                .startsWith("openapi: 3.1.0"));
    }
}
