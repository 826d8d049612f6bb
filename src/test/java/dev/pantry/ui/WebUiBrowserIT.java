package dev.pantry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.metadata.FileRecord;
import dev.pantry.testing.TestMirror;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in the machine's real headless Chromium, against a mirror filled through {@link dev.pantry.testing
 * .FakeUpstream}: the overview, a search, a project's files checked against the cache, the setup page, and the
 * same pages at 375 px. Screenshots go to {@code target/ui-*.png}. Skipped where Chromium or its driver is missing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target");

  @TempDir static Path data;
  @TempDir static Path profile;
  static TestMirror mirror;
  static ChromeDriver driver;
  static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver");
    mirror = UiCatalog.populate(UiCatalog.start(data, "browser-admin-token"));
    // An explicit driver keeps Selenium Manager (which would download drivers) out of the picture.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-extensions", "--window-size=1280,1000", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
    // Views redraw their tables; an element found just before a redraw is stale, and the wait simply looks again.
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (mirror != null) {
        mirror.close();
      }
    }
  }

  @Test
  @Order(1)
  void overview_withAFilledCache_showsTotalsChartAndUpstreams() throws IOException {
    driver.get(mirror.base().toString());
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history-chart svg")));
    assertEquals("Overview · Pantry", driver.getTitle());
    Map<String, String> cards = cards();
    assertEquals(String.valueOf(UiCatalog.DOWNLOADED.size()), cards.get("Files"));
    assertEquals("4", cards.get("Projects"));
    assertTrue(cards.get("Hit ratio").startsWith("16.7"), cards.get("Hit ratio"));
    List<WebElement> upstreams = driver.findElements(By.cssSelector("section[aria-labelledby=upstreams-h] tbody tr"));
    assertEquals(2, upstreams.size());
    assertTrue(upstreams.get(0).getText().contains("Healthy"), upstreams.get(0).getText());
    List<WebElement> routing = driver.findElements(By.cssSelector("section[aria-labelledby=routing-h] tbody tr"));
    assertEquals(List.of("pub", "gitlab"), routing.stream()
        .map(r -> r.findElement(By.tagName("th")).getText()).toList(), "both upstreams, in priority order");
    assertTrue(driver.findElement(By.id("shadows-h")).getText().startsWith("Shadowed names"));
    String page = driver.findElement(By.tagName("body")).getText();
    assertTrue(!page.contains(TestMirror.TOKEN) && !page.contains(TestMirror.USER), "credentials on the page");
    assertEquals("page", driver.findElement(By.cssSelector("[data-nav=overview]")).getAttribute("aria-current"));
    shot("ui-overview.png");
  }

  @Test
  @Order(2)
  void projects_searchAndKeyboardSort_updateTheTable() throws IOException {
    driver.findElement(By.cssSelector("[data-nav=projects]")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.projects tbody tr"), 4));
    WebElement search = driver.findElement(By.id("project-search"));
    search.sendKeys("alp");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.projects tbody tr"), 1));
    assertEquals("alpha", driver.findElement(By.cssSelector("table.projects tbody th a")).getText());
    assertTrue(driver.getCurrentUrl().endsWith("#/projects?q=alp"), driver.getCurrentUrl());
    assertTrue(driver.findElement(By.id("status")).getAttribute("textContent").contains("1 of 1"),
        "the result count is announced");
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.projects tbody tr"), 4));
    // Keyboard only: Enter on the Size header sorts by size, biggest first, and says so with aria-sort.
    driver.findElement(By.cssSelector("th[data-key=size] button")).sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("th[data-key=size]"), "aria-sort", "descending"));
    assertEquals("alpha", driver.findElement(By.cssSelector("table.projects tbody tr th a")).getText());
    assertEquals("th", driver.switchTo().activeElement().findElement(By.xpath("..")).getTagName(),
        "focus stays on the header button");
    shot("ui-projects.png");
    search.sendKeys("alpha");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.projects tbody tr"), 1));
  }

  @Test
  @Order(3)
  void project_page_showsTheCachedFilesAndTheirHashes() throws IOException {
    driver.findElement(By.linkText("alpha")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-filename]"), 3));
    assertEquals("alpha · Pantry", driver.getTitle());
    Map<String, String> shown = new TreeMap<>();
    for (WebElement row : driver.findElements(By.cssSelector("tr[data-filename]"))) {
      shown.put(row.findElement(By.cssSelector("th a")).getText(), row.findElement(By.cssSelector("code.hash")).getText());
    }
    Map<String, String> cache = mirror.server().queries().files("alpha").stream()
        .filter(f -> !f.isMetadata())
        .collect(Collectors.toMap(FileRecord::filename, f -> f.cached() ? f.cachedSha256() : f.sha256(),
            (a, b) -> a, TreeMap::new));
    assertEquals(cache, shown);
    List<String> versions = driver.findElements(By.cssSelector("section.version h2")).stream()
        .map(WebElement::getText).toList();
    assertEquals(List.of("Version 2.0 · 1 file", "Version 2.0rc1 · 1 file", "Version 1.0 · 1 file"), versions);
    String rc = row(UiCatalog.ALPHA_2RC.filename()).getText();
    assertTrue(rc.contains("Not cached") && rc.contains("Python >=3.8"), rc);
    assertTrue(row(UiCatalog.ALPHA_2.filename()).getText().contains("Cached"));
    assertTrue(driver.findElement(By.linkText("Upstream page (pub)")).getAttribute("href")
        .equals(mirror.upstream.publicIndexUrl() + "alpha/"));
    assertTrue(driver.findElement(By.linkText("Mirror’s index page")).getAttribute("href")
        .equals(mirror.base() + "simple/alpha/"));
    assertTrue(driver.findElement(By.id("admin-token")).isDisplayed(), "admin is configured: the token field shows");
    assertTrue(driver.findElement(By.cssSelector("p.standing")).getText().contains("Owned by upstream pub"),
        driver.findElement(By.cssSelector("p.standing")).getText());
    shot("ui-project.png");
  }

  @Test
  @Order(4)
  void project_yankedFile_showsItsReason() throws IOException {
    driver.get(mirror.base() + "ui/#/project/secret-tool");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-filename]"), 2));
    String old = row(UiCatalog.SECRET_OLD.filename()).getText();
    assertTrue(old.contains("Yanked: broken build"), old);
    String page = driver.findElement(By.tagName("body")).getText();
    assertTrue(!page.contains(TestMirror.TOKEN) && !page.contains(TestMirror.USER), "credentials on the page");
  }

  @Test
  @Order(5)
  void setup_page_pointsAtThisMirror() throws IOException {
    driver.findElement(By.cssSelector("[data-nav=setup]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("index-url")));
    String index = mirror.base() + "simple/";
    assertEquals(index, driver.findElement(By.id("index-url")).getText());
    assertTrue(driver.findElement(By.id("snippet-pip-conf")).getText().contains("index-url = " + index));
    assertTrue(driver.findElement(By.id("snippet-uv-toml")).getText().contains("[[tool.uv.index]]"));
    shot("ui-setup.png");
  }

  @Test
  @Order(6)
  void admin_unlockRefreshAndRemove_workThroughTheUi() throws IOException {
    driver.get(mirror.base() + "ui/#/project/gamma");
    WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-token")));
    token.sendKeys("browser-admin-token", Keys.ENTER);
    wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Refresh index page']"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"),
        "Index page of gamma refreshed"));
    assertEquals("notice", driver.switchTo().activeElement().getAttribute("class"), "focus on the outcome");
    driver.findElement(By.xpath("//button[text()='Remove cached files']")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"),
        "Removed 1 cached file of gamma; "));
    assertTrue(driver.findElement(By.cssSelector("p.notice")).getText().endsWith(" freed."), "the space freed is shown");
    assertTrue(row(UiCatalog.GAMMA.filename()).getText().contains("Not cached"));
    assertTrue(mirror.server().queries().files("gamma").stream().noneMatch(FileRecord::cached));
    shot("ui-admin.png");
    driver.findElement(By.xpath("//button[text()='Forget token']")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("admin-token")));
    assertEquals(null, ((JavascriptExecutor) driver).executeScript(
        "return sessionStorage.getItem('pantry.adminToken');"), "the token is gone from the tab");
  }

  @Test
  @Order(7)
  void narrowScreen_pagesFitWithoutSidewaysScrolling() throws IOException {
    driver.manage().window().setSize(new Dimension(375, 900));
    driver.get(mirror.base() + "ui/#/");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history-chart svg")));
    assertNoPageOverflow();
    shot("ui-overview-375.png");
    driver.get(mirror.base() + "ui/#/project/alpha");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("li.file-card"), 3));
    assertEquals(List.of(), driver.findElements(By.cssSelector("tr[data-filename]")), "cards, not a table");
    assertEquals(mirror.server().queries().files("alpha").stream().filter(FileRecord::cached)
            .map(FileRecord::cachedSha256).sorted().toList(),
        driver.findElements(By.cssSelector("li.file-card")).stream()
            .filter(c -> c.getText().contains("Cached") && !c.getText().contains("Not cached"))
            .map(c -> c.findElement(By.cssSelector("code.hash")).getText()).sorted().toList());
    assertNoPageOverflow();
    shot("ui-project-375.png");
    driver.get(mirror.base() + "ui/#/projects");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.projects tbody tr"), 4));
    assertNoPageOverflow();
    shot("ui-projects-375.png");
    driver.manage().window().setSize(new Dimension(1280, 1000));
  }

  @Test
  @Order(8)
  void chart_aDayOfTraffic_drawsBothSeriesAcrossTheWidth() throws IOException {
    driver.get(mirror.base() + "ui/#/");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#history-chart svg")));
    // The real history holds only this test's minute; feed the chart module a synthetic day instead.
    Object d = ((JavascriptExecutor) driver).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "import('./chart.js').then((m) => {"
            + "  const n = 288, req = [], hits = [];"
            + "  for (let i = 0; i < n; i++) { const r = Math.round(40 + 35 * Math.sin(i / 30) + (i % 7) * 3);"
            + "    req.push(r); hits.push(Math.round(r * 0.8)); }"
            + "  const box = document.getElementById('history-chart');"
            + "  m.drawHistory(box, { start: Date.now() - (n - 1) * 300000, bucketMinutes: 5, requests: req, hits });"
            + "  done(box.querySelector('.line-hits').getAttribute('d'));"
            + "}).catch((e) => done('error: ' + e));");
    String path = (String) d;
    assertEquals(288, path.split("[ML]").length - 1, path.length() > 80 ? path.substring(0, 80) : path);
    String desc = driver.findElement(By.cssSelector("#history-chart desc")).getAttribute("textContent");
    assertTrue(desc.contains("Busiest 5 minutes"), desc);
    shot("ui-chart.png");
  }

  @Test
  @Order(9)
  void console_staysFreeOfErrorsAndPolicyViolations() {
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    assertEquals(List.of(), severe.stream().map(LogEntry::getMessage).toList());
  }

  private static WebElement row(String filename) {
    return driver.findElement(By.cssSelector("tr[data-filename='" + filename + "']"));
  }

  private static Map<String, String> cards() {
    Map<String, String> out = new TreeMap<>();
    for (WebElement card : driver.findElements(By.cssSelector(".card"))) {
      out.put(card.findElement(By.tagName("dt")).getText(), card.findElement(By.cssSelector(".big")).getText());
    }
    return out;
  }

  private static void assertNoPageOverflow() {
    Object widths = ((JavascriptExecutor) driver).executeScript(
        "const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
            + "document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className + ' ' "
            + "+ Math.round(e.getBoundingClientRect().right)).slice(0, 8).join(', ');"
            + "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, wide];");
    List<?> w = (List<?>) widths;
    long scroll = ((Number) w.get(0)).longValue();
    long inner = ((Number) w.get(1)).longValue();
    assertTrue(scroll <= inner, "page is " + scroll + " px wide in a " + inner + " px window: " + w.get(2));
  }

  /** Saves the whole page: the window grows to the page's height for the picture, then shrinks back. */
  private static void shot(String name) throws IOException {
    Files.createDirectories(SHOTS);
    Dimension before = driver.manage().window().getSize();
    // The window is taller than the page's viewport by whatever frame it has: add that.
    long height = ((Number) ((JavascriptExecutor) driver).executeScript(
        "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;")).longValue();
    driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(4000, Math.max(height,
        before.getHeight()))));
    try {
      File file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.copy(file.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.manage().window().setSize(before);
    }
  }
}
