package io.authbridge.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorProperties;
import io.authbridge.error.ErrorResponseWriter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.server.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files are served from the jar at /console/ with headers that forbid inline script and
 * style, framing, sniffing and referrers; a path there that is no file is a 404 of the gateway's own, never
 * a request to an upstream. And the files themselves contain nothing that would need those rules relaxed.
 */
class ConsoleServingTest extends GatewayTestSupport {

    private static final Path FILES = Path.of("src", "main", "resources", "console");

    private EntityExchangeResult<byte[]> get(String path) {
        return client.get().uri(path).exchange().expectBody().returnResult();
    }

    @Test
    void theConsoleIsServedWithItsSecurityHeaders() {
        EntityExchangeResult<byte[]> page = get("/console/");

        assertThat(page.getStatus().value()).isEqualTo(200);
        HttpHeaders headers = page.getResponseHeaders();
        assertThat(headers.getContentType().toString()).isEqualTo("text/html;charset=UTF-8");
        String policy = headers.getFirst("Content-Security-Policy");
        assertThat(policy).startsWith("default-src 'self'; frame-ancestors 'none';")
            .contains("require-trusted-types-for 'script'", "base-uri 'none'", "object-src 'none'")
            .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(headers.getCacheControl()).isEqualTo("no-cache, private");
        assertThat(new String(page.getResponseBody(), StandardCharsets.UTF_8)).contains("<script type=\"module\" src=\"app.js\">");
        assertUpstreamReceivedNothing();
    }

    @Test
    void scriptsAndStylesHaveTheirTypesAndAreRevalidatedByTheirTag() {
        EntityExchangeResult<byte[]> script = get("/console/views/project.js");
        EntityExchangeResult<byte[]> style = get("/console/console.css");

        assertThat(script.getResponseHeaders().getContentType().toString()).isEqualTo("text/javascript;charset=UTF-8");
        assertThat(style.getResponseHeaders().getContentType().toString()).isEqualTo("text/css;charset=UTF-8");
        assertThat(style.getResponseHeaders().getFirst("Content-Security-Policy")).startsWith("default-src 'self'");
        String etag = script.getResponseHeaders().getETag();
        assertThat(etag).startsWith("\"");
        client.get().uri("/console/views/project.js").header("If-None-Match", etag).exchange()
            .expectStatus().isNotModified();
    }

    @Test
    void aPathUnderTheConsoleThatIsNoFileIsA404ThatNeverReachesAnUpstream() {
        for (String path : List.of("/console/missing.js", "/console/views/", "/console/console.css/x")) {
            EntityExchangeResult<byte[]> answer = get(path);
            assertThat(answer.getStatus().value()).as(path).isIn(400, 404);
            assertThat(answer.getResponseHeaders().getFirst("Content-Security-Policy")).as(path).isNotNull();
        }
        // dot segments leave the console before anything looks at the path (the canonical path): no file of the jar
        for (String path : List.of("/console/../application.yml", "/console/%2e%2e/application.yml")) {
            assertThat(get(path).getStatus().value()).as(path).isIn(400, 404);
        }
        client.post().uri("/console/").exchange().expectStatus().isEqualTo(405);
        assertUpstreamReceivedNothing();
    }

    @Test
    void theConsoleWithoutItsSlashRedirectsToIt() {
        client.get().uri("/console").exchange().expectStatus().isFound().expectHeader().location("/console/");
    }

    @Test
    void turnedOffThereIsNoConsole() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ConsoleRoutes.class)
            .withBean(ErrorResponseWriter.class, () -> new ErrorResponseWriter(new ErrorProperties(ErrorDialect.SIGNALWIRE)));

        runner.run(context -> assertThat(context).hasBean("console").getBean("console").isInstanceOf(RouterFunction.class));
        runner.withPropertyValues("authbridge.console.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean("console"));
    }

    /** Safe by construction: nothing in the files that the policy would have to allow. */
    @Test
    void theFilesHoldNoInlineScriptStyleOrHandlerAndNoHtmlParsing() throws IOException {
        Pattern inlineInHtml = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE);
        Pattern htmlSinks = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function"
                + "|setTimeout\\(\\s*['\"`]|setInterval\\(\\s*['\"`]|createContextualFragment|DOMParser|srcdoc|setHTML|localStorage");
        try (Stream<Path> files = Files.walk(FILES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                if (file.toString().endsWith(".html")) {
                    assertThat(inlineInHtml.matcher(text).find()).as(file + " has inline script, style or a handler").isFalse();
                }
                if (file.toString().endsWith(".js")) {
                    assertThat(htmlSinks.matcher(text.replaceAll("(?m)^\\s*//.*$", "")).find())
                        .as(file + " parses HTML, evaluates strings or uses localStorage").isFalse();
                }
            }
        }
    }
}
