package ai.avaliar.junit5.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The report against a baseline, in headless chromium: the changed tests, and a test's tree beside the baseline's. */
class BaselineBrowserTest {

    @TempDir
    static Path main;

    @TempDir
    static Path branch;

    @TempDir
    static Path profile;

    static WebDriver browser;

    @BeforeAll
    static void a_branch_run_against_mains_and_a_browser() {
        ReportBrowserTest.requireBrowser(
                ReportBrowserTest.CHROMIUM, ReportBrowserTest.CHROMEDRIVER, System.getProperty("avaliar.browserTests"));
        BaselineFixtures.runMainThenBranch(
                main,
                branch,
                Map.of(TestRunReport.BASELINE, main.resolve("traces.jsonl").toString()));
        browser = ReportBrowserTest.chromium(profile);
        browser.get(branch.resolve("report.html").toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver ->
                        !driver.findElements(By.cssSelector("#tests .test")).isEmpty());
    }

    @AfterAll
    static void close_the_browser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void shows_the_changed_test_with_its_tree_beside_the_baselines() throws IOException {
        WebElement section = browser.findElement(By.id("baseline"));
        assertThat(section.getText())
                .contains("1 test(s) changed, 1 in tree shape; 1 new, 1 gone.")
                .contains("New: BaselineFixtures$Agent › is_new_on_the_branch()")
                .contains("Gone: BaselineFixtures$Agent › is_removed_on_the_branch()");
        assertThat(section.findElements(By.cssSelector("tr[data-changed-test]")))
                .singleElement()
                .extracting(WebElement::getText)
                .asString()
                .startsWith(
                        "BaselineFixtures$Agent › briefs() 65 → 130 (+100.0%) $0.000253 → $0.000415 (+64.4%) 1 → 1");

        WebElement briefs = browser.findElements(By.cssSelector("#tests .test")).stream()
                .filter(test -> test.getText().contains("briefs()"))
                .findFirst()
                .orElseThrow();
        briefs.findElement(By.cssSelector(".test-head")).click();

        WebElement against = briefs.findElement(By.cssSelector(".against"));
        assertThat(against.findElements(By.cssSelector(".tree-side")).get(0).getText())
                .startsWith(
                        "Baseline tree\n  morning_briefing  (agent)\n    fetch_weather  (tool)\n    synthesize  (llm)\n");
        assertThat(against.findElements(By.cssSelector(".tree-diff .added")))
                .singleElement()
                .extracting(WebElement::getText)
                .isEqualTo("+   web_search  (tool)");
        assertThat(against.getText()).contains("tokens 65 130 +100.0%");

        // The picture of docs/baseline-diff.png: the changed test open, its tree beside the baseline's.
        ((JavascriptExecutor) browser)
                .executeScript("arguments[0].scrollIntoView(true); window.scrollBy(0, -8);", briefs);
        Path file = Path.of("target", "baseline-diff.png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
