package io.authbridge.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven through chromedriver, both Debian's ({@code apt-get install chromium
 * chromium-driver}; {@code CHROME_BIN} and {@code CHROMEDRIVER} name others). A fresh profile each time, and
 * the flags that keep it from reaching out to the network (it stalls on a closed one otherwise). Where no
 * browser is installed the test is skipped, saying so.
 */
final class Browser implements AutoCloseable {

    /** Where every test leaves its screenshots. */
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    /** How long the console gets to show something: generous, the build machine may be busy. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** A window size: the console must work at both. */
    enum Viewport {
        DESKTOP(1280, 900), PHONE(390, 844);

        final int width;

        final int height;

        Viewport(int width, int height) {
            this.width = width;
            this.height = height;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final ChromeDriver driver;

    final Viewport viewport;

    private final Path profile;

    private Browser(ChromeDriver driver, Viewport viewport, Path profile) {
        this.driver = driver;
        this.viewport = viewport;
        this.profile = profile;
    }

    /** A new browser, or the test skipped ("SKIPPED: chromium not found") where there is none. */
    static Browser open(Viewport viewport) {
        String chrome = find("CHROME_BIN", "chromium", "chromium-browser", "google-chrome");
        String chromedriver = find("CHROMEDRIVER", "chromedriver");
        if (chrome == null || chromedriver == null) {
            String message = "SKIPPED: chromium not found (" + (chrome == null ? "no chromium" : "no chromedriver")
                    + "; apt-get install chromium chromium-driver, or name them in CHROME_BIN and CHROMEDRIVER)";
            System.err.println(message);
            Assumptions.abort(message);
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("authbridge-console-chromium");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chrome);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps", "--mute-audio",
                "--user-data-dir=" + profile, "--window-size=" + Math.max(viewport.width, 800) + "," + viewport.height,
                "--lang=en-US");
        if (viewport == Viewport.PHONE) {
            // a headless window is at least 500 px wide: a phone's width is emulated, as the developer tools do
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", viewport.width, "height", viewport.height, "pixelRatio", 1.0, "touch", false)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
        return new Browser(driver, viewport, profile);
    }

    private static String find(String variable, String... names) {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            // named: that one or none
            return new File(given).canExecute() ? given : null;
        }
        String path = System.getenv("PATH");
        for (String name : names) {
            for (String directory : (path == null ? "/usr/bin" : path + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
                File candidate = new File(directory, name);
                if (candidate.canExecute()) {
                    return candidate.getAbsolutePath();
                }
            }
        }
        return null;
    }

    void get(String url) {
        driver.get(url);
    }

    /** Waits for the condition; the page re-rendering under it (a stale or missing element) means not yet. */
    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
            .ignoring(StaleElementReferenceException.class)
            .ignoring(NoSuchElementException.class)
            .until(condition);
    }

    WebElement visible(By locator) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    WebElement clickable(By locator) {
        return waitFor(ExpectedConditions.elementToBeClickable(locator));
    }

    /** Clicks what {@code locator} finds once it can be clicked (scrolled into view first). */
    void click(By locator) {
        WebElement element = clickable(locator);
        script("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    void type(By locator, String text) {
        WebElement element = visible(locator);
        element.clear();
        element.sendKeys(text);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    List<WebElement> all(By locator) {
        return driver.findElements(locator);
    }

    /**
     * Saves a screenshot of the whole page as {@code target/console-screenshots/<viewport>-<name>.png}, after
     * checking that the page fits the window's width (nothing to scroll sideways for).
     */
    Path screenshot(String name) {
        Number overflow = (Number) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (overflow.intValue() > 1) {
            screenshotAs(name + "-too-wide");
            throw new AssertionError("The page is " + overflow + " px wider than the " + viewport.label() + " window at " + name);
        }
        return screenshotAs(name);
    }

    private Path screenshotAs(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
            Number width = (Number) script("return document.documentElement.clientWidth");
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width.doubleValue(),
                            "height", Math.min(((Number) content.get("height")).doubleValue(), 8000), "scale", 1)));
            Path target = SCREENSHOTS.resolve(viewport.label() + "-" + name + ".png");
            Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        }
        finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
            catch (IOException ex) {
                // a temporary directory left behind is not worth failing a test for
            }
        }
    }
}
