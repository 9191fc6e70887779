package io.authbridge.console;

import java.util.List;
import java.util.UUID;

import io.authbridge.e2e.GatewayTestSupport;
import io.authbridge.console.Browser.Viewport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console in a real headless Chromium against the gateway on a random port and a WireMock upstream, as a
 * person uses it, at desktop and phone widths: sign in, create a project, mint a token of each dialect, run
 * its curl line through the gateway, disable it, see the refusal explained, delete it, sign out. Hostile
 * names and notes stay text. Each test leaves screenshots in {@code target/console-screenshots/}.
 */
@TestPropertySource(properties = {
        // the curl lines reach the upstream through routes without a timeout of their own: on a busy build
        // machine WireMock may well take longer than the shared setup's 1.5 s, which is for the 504 tests
        "authbridge.upstream.response-timeout=30s" })
class ConsoleBrowserTest extends GatewayTestSupport {

    static final String XSS_NOTE = "<img src=x onerror=alert(1)>";

    private Browser browser;

    /** Every test ends with a screenshot of where it ended, passed or failed. */
    @AfterEach
    void closeBrowser(TestInfo test) {
        if (browser == null) {
            return;
        }
        try {
            browser.screenshot("end-of-" + test.getTestMethod().orElseThrow().getName());
        }
        finally {
            browser.close();
        }
    }

    private Browser open(Viewport viewport) {
        browser = Browser.open(viewport);
        browser.get("http://127.0.0.1:" + port + "/console/");
        browser.visible(By.cssSelector("input[name=email]"));
        return browser;
    }

    // ---------------------------------------------------------------- steps a person takes

    private void signIn(String email, String password) {
        browser.type(By.cssSelector("input[name=email]"), email);
        browser.type(By.cssSelector("input[name=password]"), password);
        browser.click(By.cssSelector(".signin-form button[type=submit]"));
    }

    private void signInAsAdministrator() {
        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        heading("Projects");
    }

    private WebElement heading(String text) {
        return browser.visible(By.xpath("//h1[normalize-space(text())=" + literal(text) + "]"));
    }

    private String alertText() {
        return browser.visible(By.cssSelector(".alert:not([hidden])")).getText();
    }

    /** Creates a project in the default organization through the form; ends on its page. */
    private void createProject(String name) {
        browser.click(By.cssSelector("[data-action=new-project]"));
        new Select(browser.visible(By.cssSelector("select[name=organization_id]"))).selectByVisibleText("Default Organization");
        browser.type(By.cssSelector("form[aria-label='New project'] input[name=name]"), name);
        browser.click(By.cssSelector("form[aria-label='New project'] button[type=submit]"));
        heading(name);
        browser.visible(By.cssSelector(".table-slot .empty, .table-slot table"));
    }

    /** The shown secret and the panel's curl line of {@code kind}, once the suggested path is filled in. */
    private String curlLine(String kind, String pathContains) {
        By code = By.cssSelector("[data-curl='" + kind + "'] code");
        browser.waitFor(driver -> driver.findElement(code).getText().contains(pathContains));
        return browser.visible(code).getText();
    }

    private String shownSecret() {
        return browser.visible(By.cssSelector("input[data-secret]")).getDomProperty("value");
    }

    private void dismissSecret(String secret) {
        browser.click(By.cssSelector("[data-dismiss-secret]"));
        browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-secret-panel]"), 0));
        assertThat(browser.driver.getPageSource()).as("the page after the secret was dismissed").doesNotContain(secret);
        assertThat((String) browser.script("return document.documentElement.outerHTML + "
                + "Array.from(document.querySelectorAll('input')).map(i => i.value).join(' ')")).doesNotContain(secret);
    }

    private WebElement tokenRow(String label) {
        return browser.visible(By.xpath("//tr[@data-token][.//*[@data-token-label][normalize-space(.)=" + literal(label) + "]]"));
    }

    /** Clicks an action of a token's row (found again if the list is redrawn meanwhile). */
    private void clickInRow(String label, String action) {
        browser.waitFor(driver -> {
            WebElement button = tokenRow(label).findElement(By.cssSelector("[data-action=" + action + "]"));
            browser.script("arguments[0].scrollIntoView({block: 'center'})", button);
            button.click();
            return true;
        });
    }

    private void waitForStatus(String label, String status) {
        browser.waitFor(driver -> tokenRow(label).findElement(By.cssSelector("td[data-label=Status]")).getText().equals(status));
    }

    private String loginTokenInSessionStorage() {
        return (String) browser.script("return sessionStorage.getItem('authbridge.console.login')");
    }

    private void signOutAndCheckTheSessionIsRevoked() {
        String session = loginTokenInSessionStorage();
        assertThat(session).isNotBlank();
        assertThat((Long) browser.script("return localStorage.length")).isZero();
        browser.click(By.id("sign-out"));
        browser.visible(By.xpath("//p[contains(@class,'notice')][normalize-space(.)='You have signed out.']"));
        assertThat(loginTokenInSessionStorage()).isNull();
        client.get().uri("/api/v2/projects").header("Authorization", "Bearer " + session).exchange()
            .expectStatus().isUnauthorized();
    }

    private void assertNoAlertOpened() {
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    private static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    // ---------------------------------------------------------------- signing in

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aWrongPasswordSaysLoginFailedAndTheRightOneOpensTheConsole(Viewport viewport) {
        open(viewport);

        signIn(ADMIN_EMAIL, "not-the-password");
        assertThat(alertText()).startsWith("Login failed.");
        assertThat(browser.visible(By.cssSelector("input[name=password]")).getDomProperty("value")).isEmpty();
        browser.screenshot("sign-in-failed");

        signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
        heading("Projects");
        assertThat(browser.driver.findElement(By.id("session-user")).getDomProperty("textContent")).isEqualTo(ADMIN_EMAIL);
        assertThat(browser.visible(By.id("nav-audit")).isDisplayed()).isTrue();
        browser.screenshot("projects");
    }

    @Test
    void tooManyAttemptsSayLoginDenied() {
        String email = "locked-" + UUID.randomUUID() + "@example.test";
        createUser(email, "the-right-password", false);
        open(Viewport.DESKTOP);

        for (int attempt = 1; attempt <= 5; attempt++) {
            signIn(email, "wrong-password-" + attempt);
            assertThat(alertText()).as("attempt " + attempt).startsWith("Login failed.");
        }
        signIn(email, "the-right-password");

        assertThat(alertText()).startsWith("Login denied.").contains("15 minutes");
        assertThat(browser.all(By.id("sidenav")).get(0).isDisplayed()).isFalse();
        browser.screenshot("sign-in-denied");
    }

    @Test
    void theConsoleCanBeUsedWithTheKeyboardAlone() {
        open(Viewport.DESKTOP);

        WebElement email = browser.driver.switchTo().activeElement();
        assertThat(email.getDomAttribute("name")).as("focused at first").isEqualTo("email");
        email.sendKeys(ADMIN_EMAIL, Keys.TAB);
        browser.driver.switchTo().activeElement().sendKeys(ADMIN_PASSWORD, Keys.ENTER);
        heading("Projects");
        browser.waitFor(driver -> "Projects".equals(driver.switchTo().activeElement().getText()));

        // to the first control after the heading and open the form with Enter
        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement newProject = browser.driver.switchTo().activeElement();
        assertThat(newProject.getDomAttribute("data-action")).isEqualTo("new-project");
        newProject.sendKeys(Keys.ENTER);
        browser.waitFor(driver -> "organization_id".equals(driver.switchTo().activeElement().getDomAttribute("name")));
        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        browser.driver.switchTo().activeElement().sendKeys("Keyboard project", Keys.ENTER);
        heading("Keyboard project");
        browser.screenshot("keyboard-project");
    }

    // ---------------------------------------------------------------- the token lifecycle, both dialects

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void anApiKeyIsMintedUsedThroughItsCurlLineDisabledExplainedAndDeleted(Viewport viewport) {
        open(viewport);
        signInAsAdministrator();
        createProject("Billing " + viewport.label());
        browser.screenshot("project-empty");

        browser.click(By.cssSelector("[data-action=new-api-key]"));
        browser.type(By.cssSelector("form[aria-label='New API key'] input[name=notes]"), "Billing worker");
        browser.screenshot("api-key-form");
        browser.click(By.cssSelector("form[aria-label='New API key'] button[type=submit]"));
        String secret = shownSecret();
        String bearer = curlLine("Bearer", "/unfiltered/example");
        assertThat(bearer).contains("Authorization: Bearer " + secret, "http://127.0.0.1:" + port + "/unfiltered/example");
        browser.screenshot("api-key-secret");

        upstream.resetRequests();
        CurlLine answer = CurlLine.run(bearer);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"upstream\":\"ok\"}");
        assertThat(upstreamRequests()).hasSize(1);
        assertThat(upstreamRequests().get(0).getUrl()).isEqualTo("/unfiltered/example");
        assertThat(CurlLine.run(curlLine("Query parameter", "/unfiltered/example")).status()).isEqualTo(200);

        dismissSecret(secret);
        WebElement row = tokenRow("Billing worker");
        assertThat(row.getText()).doesNotContain(secret);
        waitForStatus("Billing worker", "Active");

        clickInRow("Billing worker", "disable");
        waitForStatus("Billing worker", "Disabled");
        assertThat(CurlLine.run(bearer).status()).as("the same request once the key is disabled").isEqualTo(401);
        browser.screenshot("token-disabled");

        clickInRow("Billing worker", "explain");
        heading("Routes");
        WebElement unfiltered = browser.visible(By.cssSelector("tr[data-route=unfiltered]"));
        assertThat(unfiltered.getDomAttribute("data-decision")).isEqualTo("deny");
        assertThat(unfiltered.findElement(By.cssSelector("[data-reason=disabled]")).getText()).isEqualTo("The token is disabled.");
        browser.type(By.cssSelector(".explain-form input[name=path]"), "/unfiltered/example");
        browser.click(By.cssSelector(".explain-form button[type=submit]"));
        WebElement result = browser.visible(By.cssSelector(".explain-result [data-reason=disabled]"));
        assertThat(result.getText()).isEqualTo("The token is disabled.");
        assertThat(browser.visible(By.cssSelector(".explain-result")).getText()).contains("route unfiltered", "Refused", "401");
        browser.screenshot("routes-explained");

        browser.driver.navigate().back();
        clickInRow("Billing worker", "delete");
        browser.visible(By.cssSelector("dialog[open]"));
        browser.screenshot("delete-confirmation");
        browser.click(By.xpath("//dialog//button[normalize-space(.)='Delete token']"));
        browser.visible(By.xpath("//h3[normalize-space(.)='No tokens yet']"));
        assertThat(CurlLine.run(bearer).status()).isEqualTo(401);

        signOutAndCheckTheSessionIsRevoked();
        browser.screenshot("signed-out");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aSignalWireTokenIsMintedWithItsPermissionsAndItsBasicCurlLineReachesTheUpstream(Viewport viewport) {
        open(viewport);
        signInAsAdministrator();
        createProject("Messaging " + viewport.label());
        String projectId = browser.visible(By.cssSelector("[data-project-id]")).getText();

        browser.click(By.cssSelector("[data-action=new-signalwire-token]"));
        browser.type(By.cssSelector("form[aria-label='New SignalWire token'] input[name=name]"), "SMS sender");
        browser.click(By.cssSelector("input[name=permissions][value=messaging]"));
        browser.click(By.cssSelector("input[name=permissions][value=fax]"));
        browser.screenshot("signalwire-form");
        browser.click(By.cssSelector("form[aria-label='New SignalWire token'] button[type=submit]"));
        String secret = shownSecret();
        assertThat(secret).startsWith("PT");
        curlLine("Basic project_id:token", "/unfiltered/example");
        browser.type(By.cssSelector("[data-secret-panel] input[name=path]"), "/sw/messaging/send");
        String basic = curlLine("Basic project_id:token", "/sw/messaging/send");
        assertThat(basic).contains("-u '" + projectId + ":" + secret + "'");
        browser.screenshot("signalwire-secret");

        upstream.resetRequests();
        CurlLine answer = CurlLine.run(basic);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(upstreamRequests()).hasSize(1);
        // the route's UpstreamAuth turns the client's Basic into Bearer
        assertThat(upstreamRequests().get(0).getHeader("Authorization")).isEqualTo("Bearer " + secret);

        dismissSecret(secret);
        WebElement row = tokenRow("SMS sender");
        assertThat(row.findElement(By.cssSelector("td[data-label=Access]")).getText()).contains("fax", "messaging");

        clickInRow("SMS sender", "rename");
        browser.visible(By.cssSelector("dialog[open] input[name=name]"));
        browser.type(By.cssSelector("dialog[open] input[name=name]"), "SMS and fax sender");
        browser.click(By.xpath("//dialog//button[normalize-space(.)='Save']"));
        tokenRow("SMS and fax sender");
        browser.screenshot("signalwire-renamed");

        clickInRow("SMS and fax sender", "explain");
        heading("Routes");
        browser.waitFor(driver -> "allow".equals(driver.findElement(By.cssSelector("tr[data-route=signalwire-all]"))
            .getDomAttribute("data-decision")));
        WebElement admin = browser.visible(By.cssSelector("tr[data-route=exceptionless-user]"));
        assertThat(admin.getDomAttribute("data-decision")).isEqualTo("deny");
        assertThat(admin.findElement(By.cssSelector("[data-reason=missing_scope]")).getText()).contains("user");
        browser.screenshot("signalwire-routes");

        signOutAndCheckTheSessionIsRevoked();
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void hostileNotesNamesAndProjectNamesAreShownAsText(Viewport viewport) {
        open(viewport);
        signInAsAdministrator();
        String hostileProject = "<b onmouseover=alert(3)>Hostile</b> " + viewport.label();
        createProject(hostileProject);

        browser.click(By.cssSelector("[data-action=new-api-key]"));
        browser.type(By.cssSelector("form[aria-label='New API key'] input[name=notes]"), XSS_NOTE);
        browser.click(By.cssSelector("form[aria-label='New API key'] button[type=submit]"));
        dismissSecret(shownSecret());
        String hostileName = "\"><script>window.__pwned = 1</script><svg onload=alert(2)>";
        browser.click(By.cssSelector("[data-action=new-signalwire-token]"));
        browser.type(By.cssSelector("form[aria-label='New SignalWire token'] input[name=name]"), hostileName);
        browser.click(By.cssSelector("input[name=permissions][value=chat]"));
        browser.click(By.cssSelector("form[aria-label='New SignalWire token'] button[type=submit]"));
        dismissSecret(shownSecret());

        assertThat(tokenRow(XSS_NOTE).findElement(By.cssSelector("[data-token-label]")).getText()).isEqualTo(XSS_NOTE);
        assertThat(tokenRow(hostileName).findElement(By.cssSelector("[data-token-label]")).getText()).isEqualTo(hostileName);
        assertThat(heading(hostileProject).getText()).isEqualTo(hostileProject);
        assertThat(browser.all(By.cssSelector("main img, main script, main svg, main b"))).isEmpty();
        assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);
        assertNoAlertOpened();
        browser.screenshot("hostile-text");

        browser.click(By.cssSelector("#sidenav a[data-section=projects]"));
        heading("Projects");
        assertThat(browser.visible(By.xpath("//a[normalize-space(.)=" + literal(hostileProject) + "]")).getText())
            .isEqualTo(hostileProject);
        assertThat(browser.all(By.cssSelector("main b"))).isEmpty();
        assertNoAlertOpened();
    }

    @Test
    void aSubprojectGetsATokenOfItsOwnThatAuthenticatesWithTheSubprojectsId() {
        open(Viewport.DESKTOP);
        signInAsAdministrator();
        createProject("Telephony");
        String parentId = browser.visible(By.cssSelector("[data-project-id]")).getText();

        browser.type(By.cssSelector("form[aria-label='New subproject'] input[name=name]"), "Telephony EU");
        browser.click(By.cssSelector("form[aria-label='New subproject'] button[type=submit]"));
        heading("Telephony EU");
        String subprojectId = browser.visible(By.cssSelector("[data-project-id]")).getText();
        assertThat(browser.visible(By.cssSelector(".breadcrumb")).getText()).contains("Telephony / Telephony EU");
        browser.click(By.xpath("//nav[contains(@class,'breadcrumb')]//a[normalize-space(.)='Telephony']"));
        heading("Telephony");

        browser.click(By.cssSelector("[data-action=new-signalwire-token]"));
        browser.type(By.cssSelector("form[aria-label='New SignalWire token'] input[name=name]"), "EU trunk");
        new Select(browser.visible(By.cssSelector("select[name=subproject_id]"))).selectByValue(subprojectId);
        browser.click(By.cssSelector("input[name=all-permissions]"));
        browser.click(By.cssSelector("form[aria-label='New SignalWire token'] button[type=submit]"));
        String secret = shownSecret();
        String basic = curlLine("Basic project_id:token", "/unfiltered/example");
        assertThat(basic).contains("-u '" + subprojectId + ":" + secret + "'").doesNotContain(parentId);
        assertThat(CurlLine.run(basic).status()).isEqualTo(200);
        dismissSecret(secret);

        // an administrator key of the parent, expiring on a chosen day
        browser.click(By.cssSelector("[data-action=new-api-key]"));
        browser.click(By.cssSelector("input[name=scope-user]"));
        browser.type(By.cssSelector("form[aria-label='New API key'] input[name=notes]"), "Operator");
        browser.script("const input = document.querySelector('input[name=expires_utc]'); input.value = '2031-05-17T12:00';"
                + " input.dispatchEvent(new Event('input', {bubbles: true}))");
        browser.click(By.cssSelector("form[aria-label='New API key'] button[type=submit]"));
        dismissSecret(shownSecret());
        WebElement operator = tokenRow("Operator");
        assertThat(operator.findElement(By.cssSelector("td[data-label=Access]")).getText()).contains("user", "all (user scope)");
        assertThat(operator.findElement(By.cssSelector("td[data-label=Activity]")).getText()).contains("2031");
        assertThat(browser.all(By.xpath("//tr[@data-token][.//*[normalize-space(.)='EU trunk']]"))).as("listed on the subproject's page").isEmpty();
        browser.screenshot("subproject-and-expiry");

        browser.click(By.xpath("//ul[contains(@class,'plain-list')]//a[normalize-space(.)='Telephony EU']"));
        heading("Telephony EU");
        assertThat(tokenRow("EU trunk").findElement(By.cssSelector("td[data-label=Access]")).getText())
            .contains("calling", "video", "management");
    }

    // ---------------------------------------------------------------- safe by construction

    @Test
    void thePageRefusesHtmlStringsAndInlineScriptsByItsPolicy() {
        open(Viewport.DESKTOP);

        Object innerHtml = browser.script("try { document.body.innerHTML = '<b>x</b>'; return 'assigned'; }"
                + " catch (e) { return e.name; }");
        Object inlineScript = browser.script("try { const s = document.createElement('script');"
                + " s.textContent = 'window.__ran = 1'; document.body.append(s); } catch (e) { return e.name; }"
                + " return window.__ran === undefined ? 'blocked' : 'ran';");

        assertThat(innerHtml).as("a string assigned to innerHTML").isEqualTo("TypeError");
        assertThat(inlineScript).as("an inline script").isIn("TypeError", "blocked");
    }

    @Test
    void theAuditLogShowsGlobalAdministratorsWhatHappenedAndIsHiddenFromOthers() {
        String email = "member-" + UUID.randomUUID() + "@example.test";
        createUser(email, "member-password", false);
        open(Viewport.DESKTOP);
        signInAsAdministrator();

        browser.click(By.cssSelector("#sidenav a[data-section=audit]"));
        heading("Audit log");
        assertThat(browser.visible(By.cssSelector("table.audit")).getText()).contains("user.create", ADMIN_EMAIL);
        browser.screenshot("audit-log");

        browser.click(By.id("sign-out"));
        signIn(email, "member-password");
        heading("Projects");
        assertThat(browser.all(By.id("nav-audit")).get(0).isDisplayed()).isFalse();
        assertThat(browser.visible(By.cssSelector("main")).getText()).contains("No organizations yet");
        browser.screenshot("member-projects");
    }

    private void createUser(String email, String password, boolean globalAdmin) {
        createUser(adminToken(), email, password, globalAdmin);
    }
}
