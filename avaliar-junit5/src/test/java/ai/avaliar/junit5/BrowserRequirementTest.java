package ai.avaliar.junit5;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.avaliar.junit5.report.ReportBrowserTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Without chromium the browser test is skipped with what to do, unless CI requires it. */
class BrowserRequirementTest {

    private static final Path NOWHERE = Path.of("/nonexistent/chromium");
    private static final Path NO_DRIVER = Path.of("/nonexistent/chromedriver");

    @Test
    void is_skipped_with_how_to_install_the_browser_when_it_is_missing() {
        assertThatThrownBy(() -> ReportBrowserTest.requireBrowser(NOWHERE, NO_DRIVER, "optional"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("Assumption failed: The browser test needs /nonexistent/chromium and"
                        + " /nonexistent/chromedriver: run .ci/run, or apt-get install chromium chromium-driver");
    }

    @Test
    void fails_when_required_and_the_browser_is_missing() {
        assertThatThrownBy(() -> ReportBrowserTest.requireBrowser(NOWHERE, NO_DRIVER, "required"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessage("The browser test needs /nonexistent/chromium and /nonexistent/chromedriver: run .ci/run,"
                        + " or apt-get install chromium chromium-driver (avaliar.browserTests=required)");
    }

    @Test
    void runs_when_the_browser_is_there() {
        // Any two executables will do: the check only looks for them.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThatCode(() -> ReportBrowserTest.requireBrowser(java, java, "required"))
                .doesNotThrowAnyException();
    }
}
