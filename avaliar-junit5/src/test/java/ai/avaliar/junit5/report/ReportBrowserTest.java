package ai.avaliar.junit5.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report page in a real headless browser (Debian's chromium through its chromedriver; nothing
 * is downloaded): it opens with the run's numbers, trees expand, the filter narrows the list, and
 * prompt text that looks like HTML stays text.
 */
public class ReportBrowserTest {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    public static Path reportDir;

    @TempDir
    public static Path manyDir;

    @TempDir
    public static Path profile;

    @TempDir
    public static Path wideDir;

    static WebDriver browser;

    /** Selenium warns that it has no DevTools support for this chromium version; the tests use none. */
    static final java.util.logging.Logger DEVTOOLS = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS.setLevel(java.util.logging.Level.SEVERE);
    }

    @BeforeAll
    public static void report_of_real_traces_and_a_browser() {
        requireBrowser(CHROMIUM, CHROMEDRIVER, System.getProperty("avaliar.browserTests"));

        ReportRun.run(reportDir, Map.of(), ReportFixtures.Briefing.class, ReportFixtures.Plain.class);
        ReportRun.run(manyDir, Map.of(), ReportFixtures.Many.class);
        ReportRun.run(wideDir, Map.of(), ReportFixtures.Wide.class);
        browser = chromium(profile);
    }

    /**
     * Skips the browser tests when chromium or chromedriver is missing, or fails them when
     * {@code avaliar.browserTests=required} (as in CI).
     */
    public static void requireBrowser(Path chromium, Path chromedriver, String mode) {
        boolean installed = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
        String missing = "The browser test needs " + chromium + " and " + chromedriver
                + ": run .ci/run, or apt-get install chromium chromium-driver";
        if (!installed && "required".equals(mode)) {
            fail(missing + " (avaliar.browserTests=required)");
        }
        assumeTrue(installed, missing);
    }

    /** Headless chromium with the system's driver, offline: no Selenium Manager, no background traffic. */
    public static WebDriver chromium(Path profile) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    @AfterAll
    public static void close_the_browser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void open_the_report() {
        open(reportDir);
    }

    private static void open(Path dir) {
        browser.get(dir.resolve("report.html").toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver ->
                        !driver.findElements(By.cssSelector("#tests .test")).isEmpty());
    }

    @Test
    void lists_thousands_of_traces_a_page_at_a_time_and_builds_a_tree_only_when_opened() {
        open(manyDir);

        assertThat(metric("tests")).isEqualTo("2,000");
        assertThat(metric("traces")).isEqualTo("2,000");
        assertThat(tests()).hasSize(300);
        assertThat(browser.findElements(By.cssSelector(".span-node"))).isEmpty();
        WebElement more = browser.findElement(By.id("more"));
        assertThat(more.getText()).isEqualTo("Show 300 more of 1700");

        more.click();
        assertThat(tests()).hasSize(600);

        type("case 1999");
        assertThat(testNames()).containsExactly("ReportFixtures$Many › cases() › case 1999");
        tests().get(0).findElement(By.cssSelector(".test-head")).click();
        assertThat(browser.findElements(By.cssSelector(".span-name")))
                .extracting(WebElement::getText)
                .containsExactly("agent_1999", "answer");
    }

    @Test
    void draws_a_large_trace_open_only_so_far_and_the_rest_when_a_node_is_opened() {
        open(wideDir);
        tests().get(0).findElement(By.cssSelector(".test-head")).click();

        int all = 1 + ReportFixtures.Wide.TOOLS * (1 + ReportFixtures.Wide.CALLS);
        int drawn = browser.findElements(By.cssSelector(".span-node")).size();
        assertThat(drawn).isGreaterThan(ReportFixtures.Wide.TOOLS).isLessThan(all);
        List<WebElement> closed = browser.findElements(By.cssSelector(".span-toggle")).stream()
                .filter(toggle -> toggle.getText().equals("▸"))
                .toList();
        assertThat(closed).isNotEmpty();

        WebElement last = closed.get(closed.size() - 1);
        last.click();

        assertThat(last.getText()).isEqualTo("▾");
        assertThat(browser.findElements(By.cssSelector(".span-node"))).hasSize(drawn + ReportFixtures.Wide.CALLS);
        assertThat(browser.findElements(By.cssSelector(".span-name")))
                .extracting(WebElement::getText)
                .contains("ask_39_0", "ask_39_19");
    }

    @Test
    void opens_with_the_runs_numbers() {
        assertThat(metric("tests")).isEqualTo("5");
        assertThat(metric("passed")).isEqualTo("2");
        assertThat(metric("failed")).isEqualTo("1");
        assertThat(metric("traces")).isEqualTo("3");
        assertThat(metric("llm-calls")).isEqualTo("4");
        assertThat(metric("tokens-in")).isEqualTo("146");
        assertThat(metric("tokens-out")).isEqualTo("44");
        assertThat(browser.findElement(By.id("by-provider")).getText())
                .contains("anthropic")
                .contains("openai");
        assertThat(browser.findElement(By.id("by-model")).getText())
                .contains("claude-opus-4-5")
                .contains("gpt-4o");
        // Styled: the Content-Security-Policy lets the page's own stylesheet in.
        assertThat(browser.findElement(By.cssSelector(".outcome.FAILED")).getCssValue("background-color"))
                .isEqualTo("rgba(207, 34, 46, 1)");
    }

    @Test
    void lists_failed_tests_first() {
        List<String> outcomes =
                tests().stream().map(test -> test.getAttribute("data-outcome")).toList();
        assertThat(outcomes).containsExactly("FAILED", "ABORTED", "SUCCESSFUL", "SUCCESSFUL", "SKIPPED");
    }

    @Test
    void expands_a_tree_on_click_and_shows_a_spans_detail() {
        WebElement lisbon = test("briefs on Lisbon");
        assertThat(lisbon.findElements(By.cssSelector(".span-node"))).isEmpty();

        lisbon.findElement(By.cssSelector(".test-head")).click();

        assertThat(lisbon.findElements(By.cssSelector(".span-name")))
                .extracting(WebElement::getText)
                .containsExactly("morning_briefing", "fetch_weather", "synthesize", "polish");
        WebElement synthesize =
                lisbon.findElements(By.cssSelector(".span-node")).get(2);
        // On the trace's timeline, the root's bar spans the whole trace, a child's a part of it.
        assertThat(barWidth(lisbon.findElements(By.cssSelector(".span-node")).get(0)))
                .isEqualTo(barWidth(lisbon.findElement(By.cssSelector(".timeline"))), within(1.0));
        assertThat(barWidth(synthesize))
                .isPositive()
                .isLessThan(barWidth(
                        lisbon.findElements(By.cssSelector(".span-node")).get(0)));
        synthesize.findElement(By.cssSelector(".span-name")).click();
        String detail = synthesize.findElement(By.cssSelector(".span-detail")).getText();
        assertThat(detail)
                .contains("type\nllm")
                .contains("provider\nopenai")
                .contains("model\ngpt-4o")
                .contains("temperature = 0.2, top_p = 0.9")
                .contains("tokens\n53 in, 12 out")
                .contains("PROMPT_INJECTION: COMPLETED (LOCAL), 1 issue")
                .contains("HIGH")
                .contains("HTML script in the prompt")
                .contains("input: prompt\nWrite a morning briefing.");
        screenshot();
    }

    @Test
    void shows_why_a_test_failed_and_the_error_of_a_span() {
        WebElement failed = test("fails_on_the_wrong_city()");
        failed.findElement(By.cssSelector(".test-head")).click();

        assertThat(failed.findElement(By.cssSelector(".failure")).getText())
                .isEqualTo("org.opentest4j.AssertionFailedError: expected a briefing on Lisbon but got one on Porto");
        WebElement geocode = failed.findElements(By.cssSelector(".span-node")).get(0);
        assertThat(geocode.findElement(By.cssSelector(".badge.error")).getText())
                .isEqualTo("error");
        geocode.findElement(By.cssSelector(".span-name")).click();
        assertThat(geocode.findElement(By.cssSelector(".span-detail")).getText())
                .contains("error\nnot a city: Portugal")
                .contains("exception\njava.lang.IllegalArgumentException: not a city: Portugal")
                .contains("stack trace\njava.lang.IllegalArgumentException: not a city: Portugal");
    }

    @Test
    void keeps_a_script_injection_in_a_prompt_as_inert_text() {
        WebElement lisbon = test("briefs on Lisbon");
        lisbon.findElement(By.cssSelector(".test-head")).click();
        WebElement synthesize =
                lisbon.findElements(By.cssSelector(".span-node")).get(2);
        synthesize.findElement(By.cssSelector(".span-name")).click();

        String inputs =
                synthesize.findElement(By.cssSelector(".span-detail pre")).getText();
        assertThat(inputs)
                .isEqualTo("Write a morning briefing. " + ReportFixtures.INJECTION + " Weather: sunny, 21 °C");
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.__pwned"))
                .isEqualTo("undefined");
        assertThat(browser.findElements(By.cssSelector("#tests img, #tests script")))
                .isEmpty();
    }

    @Test
    void narrows_the_list_by_test_name_span_name_type_provider_and_outcome() {
        type("lisbon");
        assertThat(testNames()).containsExactly("ReportFixtures$Briefing › briefs on Lisbon");

        type("fetch_weather");
        assertThat(testNames())
                .containsExactly(
                        "ReportFixtures$Briefing › fails_on_the_wrong_city()",
                        "ReportFixtures$Briefing › briefs on Lisbon");
        assertThat(browser.findElement(By.id("filter-count")).getText()).isEqualTo("2 of 5 tests");

        type("");
        new Select(browser.findElement(By.id("filter-provider"))).selectByVisibleText("anthropic");
        assertThat(tests()).hasSize(2);
        new Select(browser.findElement(By.id("filter-outcome"))).selectByVisibleText("FAILED");
        assertThat(testNames()).containsExactly("ReportFixtures$Briefing › fails_on_the_wrong_city()");

        new Select(browser.findElement(By.id("filter-provider"))).selectByVisibleText("any provider");
        new Select(browser.findElement(By.id("filter-outcome"))).selectByVisibleText("any outcome");
        new Select(browser.findElement(By.id("filter-type"))).selectByVisibleText("tool");
        assertThat(tests()).hasSize(2);

        type("no such test");
        assertThat(tests()).isEmpty();
        assertThat(browser.findElement(By.id("tests")).getText()).isEqualTo("No test matches the filter.");
    }

    /** The width in pixels of a span's bar on the timeline, or of the timeline itself. */
    private static double barWidth(WebElement element) {
        WebElement bar = element.getAttribute("class").contains("timeline")
                ? element
                : element.findElement(By.cssSelector(".span-line .bar"));
        return bar.getRect().getWidth();
    }

    private static String metric(String key) {
        return browser.findElement(By.cssSelector("[data-metric='" + key + "'] .value"))
                .getText();
    }

    private static List<WebElement> tests() {
        return browser.findElements(By.cssSelector("#tests .test"));
    }

    private static List<String> testNames() {
        return tests().stream()
                .map(test -> test.findElement(By.cssSelector(".test-name")).getText())
                .toList();
    }

    private static WebElement test(String name) {
        return tests().stream()
                .filter(test ->
                        test.findElement(By.cssSelector(".test-name")).getText().endsWith(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no test " + name + " among " + testNames()));
    }

    private static void type(String text) {
        WebElement filter = browser.findElement(By.id("filter-text"));
        filter.clear();
        if (text.isEmpty()) {
            // clear() fires no input event
            ((JavascriptExecutor) browser).executeScript("arguments[0].dispatchEvent(new Event('input'))", filter);
        } else {
            filter.sendKeys(text);
        }
    }

    /** Keeps what the browser showed, for people looking at a failed build. */
    private static void screenshot() {
        try {
            Path file = Path.of("target", "report-browser-test.png");
            Files.createDirectories(file.getParent());
            Files.write(file, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("No screenshot: " + e);
        }
    }
}
