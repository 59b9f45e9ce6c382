package org.covidct.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The viewer in a real browser (Debian's chromium, headless, through chromedriver and Selenium) on a real
 * series: the job list shows the study and its verdict; the study page shows the verdict of decision.json; the
 * mouse wheel and the keys change the slice; the Grad-CAM overlay toggles on and off (and its picture loads);
 * the mediastinal window and a click on the probability strip change the picture. Screenshots are kept in
 * app/target/viewer-screenshots (docs/img has copies).
 */
class ViewerBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    @Test
    void verdictScrollingOverlay() throws Exception {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertTrue(Files.isExecutable(p), p + " is missing: install the Debian packages chromium chromium-driver (.ci/run does)");
        }
        Path shots = Files.createDirectories(Path.of("target", "viewer-screenshots"));
        try (Running server = ServerFixtures.start(model(tmp.resolve("model")), tmp.resolve("store"), b -> { })) {
            List<Path> p001 = files(covidCtMd().resolve("covid/P001"));
            String job = upload(server.url(), zip("P001", p001.subList(40, 100)));
            assertEquals("done", waitFinished(server.url(), job, Duration.ofMinutes(2)).get("state").asText());
            JsonNode decision = getJson(server.url() + "/api/jobs/" + job + "/result");
            String expected = switch (decision.get("decision").asText()) {
                case "covid" -> "COVID-19 pattern detected";
                case "normal" -> "No COVID-19 pattern detected";
                default -> "Undecided";
            };

            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")), "--window-size=1280,900");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            WebDriver browser = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get(server.url() + "/#/");
                WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr[data-job='" + job + "']")));
                assertTrue(row.getText().contains(expected), row.getText());
                screenshot(browser, shots.resolve("viewer-list.png"));

                row.findElement(By.tagName("a")).click();
                WebElement verdict = wait.until(d -> d.findElement(By.id("verdict")));
                assertTrue(verdict.getText().startsWith(expected), verdict.getText());
                WebElement img = browser.findElement(By.id("slice"));
                WebElement viewport = browser.findElement(By.id("viewport"));
                waitLoaded(browser, wait);
                int start = index(img);
                assertTrue(decision.at("/counts/kept").asInt() > 0);
                String src = img.getAttribute("src");
                screenshot(browser, shots.resolve("viewer-study.png"));

                // the mouse wheel over the picture: the next slice
                new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(viewport), 0, 120).perform();
                wait.until(d -> index(img) == start + 1);
                assertNotEquals(src, img.getAttribute("src"));
                waitLoaded(browser, wait);
                new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(viewport), 0, -120).perform();
                wait.until(d -> index(img) == start);
                // the keys
                viewport.sendKeys(Keys.ARROW_UP);
                wait.until(d -> index(img) == start - 1);
                viewport.sendKeys(Keys.END);
                wait.until(d -> index(img) == 59);
                viewport.sendKeys(Keys.HOME);
                wait.until(d -> index(img) == 0);

                // back to the most suspicious slice through the strip, then the overlay on and off
                browser.findElement(By.cssSelector("#strip span[data-index='" + start + "']")).click();
                wait.until(d -> index(img) == start);
                assertTrue(browser.findElement(By.cssSelector("#strip span[data-index='" + start + "']")).getAttribute("class").contains("current"));
                browser.findElement(By.id("toggle-cam")).click();
                wait.until(d -> "on".equals(img.getAttribute("data-cam")));
                assertTrue(img.getAttribute("src").endsWith("/slices/" + start + "/cam"), img.getAttribute("src"));
                waitLoaded(browser, wait);
                screenshot(browser, shots.resolve("viewer-gradcam.png"));
                viewport.sendKeys("g");
                wait.until(d -> "off".equals(img.getAttribute("data-cam")));
                assertTrue(img.getAttribute("src").contains("/image?window=lung"), img.getAttribute("src"));

                browser.findElement(By.id("window-mediastinal")).click();
                wait.until(d -> img.getAttribute("src").contains("window=mediastinal"));
                waitLoaded(browser, wait);
                screenshot(browser, shots.resolve("viewer-mediastinal.png"));
            } finally {
                browser.quit();
            }
        }
    }

    private static int index(WebElement img) {
        return Integer.parseInt(img.getAttribute("data-index"));
    }

    /** Waits until the slice picture has loaded (its natural width is known) for the current src. */
    private static void waitLoaded(WebDriver browser, WebDriverWait wait) {
        wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "const i = document.getElementById('slice'); return i.complete && i.naturalWidth > 0;"));
    }

    private static void screenshot(WebDriver browser, Path to) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
