package org.relais.hub.testing;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, headless, for one test class. Opens isolated contexts
 * (each its own cookies) sized like a phone or a desktop, pointed at a hub, and saves screenshots
 * under {@code target/screenshots}. Extra switches go to {@link #launch(List)}: {@link #FAKE_MEDIA}
 * for a camera and microphone without a prompt, {@link #WEBRTC_LOCAL_ADDRESSES} for two contexts
 * calling each other.
 */
public final class Browser implements AutoCloseable {
  /** A script for {@code Page.evaluate}: resolves once the page's built-in room has {@code count} peers, every connection connected; fails after 60 s. */
  public static final String ALL_CONNECTED = """
      (count) => new Promise((resolve, reject) => {
        const deadline = Date.now() + 60000;
        const check = () => {
          const room = window.relaisRoom;
          const states = room ? [...room.peers.values()].map(p => p.pc.connectionState) : [];
          if (states.length === count && states.every(s => s === 'connected')) return resolve(states.length);
          if (Date.now() > deadline) return reject(new Error(`connections: ${states}; ` + (room ? room.journal.join(' | ') : '')));
          setTimeout(check, 200);
        };
        check();
      })""";


  public static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
  public static final Path SCREENSHOTS = Paths.get("target", "screenshots");
  /** A small phone held upright, in CSS pixels. */
  public static final int PHONE_WIDTH = 390;
  public static final int PHONE_HEIGHT = 844;
  public static final int DESKTOP_WIDTH = 1280;
  public static final int DESKTOP_HEIGHT = 800;
  /** How long any one wait may take before the test fails (Playwright's own default is 30 s). */
  public static final double TIMEOUT_MS = 10_000;
  /**
   * How long a screenshot may take: a page playing several videos waits for a still frame, which a busy
   * 2-core machine running five browsers can take longer than {@link #TIMEOUT_MS} to give.
   */
  public static final double SCREENSHOT_TIMEOUT_MS = 30_000;
  /** Joining a room asks for camera, ticket and socket: more than a page's usual wait on a busy machine. */
  public static final LocatorAssertions.HasTextOptions CONNECTING =
      new LocatorAssertions.HasTextOptions().setTimeout(TIMEOUT_MS * 2);

  public static final List<String> BASE_ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync");
  public static final List<String> FAKE_MEDIA = List.of("--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream");
  public static final List<String> WEBRTC_LOCAL_ADDRESSES = List.of("--disable-features=WebRtcHideLocalIpsWithMdns");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser chromium;

  private Browser(Playwright playwright, com.microsoft.playwright.Browser chromium) {
    this.playwright = playwright;
    this.chromium = chromium;
  }

  public static Browser launch() {
    return launch(List.of());
  }

  /** Starts Chromium for calls: a fake camera and microphone, peers on this machine reaching each other. */
  public static Browser launchForCalls() {
    List<String> args = new ArrayList<>(FAKE_MEDIA);
    args.addAll(WEBRTC_LOCAL_ADDRESSES);
    return launch(args);
  }

  /** Starts Chromium with the base switches plus {@code extraArgs}. */
  public static Browser launch(List<String> extraArgs) {
    // Assertions on the page wait as long as any other wait, not Playwright's own 5 s.
    PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(CHROMIUM + " is missing: apt-get install -y chromium");
    }
    List<String> args = new ArrayList<>(BASE_ARGS);
    args.addAll(extraArgs);
    // Without this Playwright tries to download its own browsers and hangs where there is no internet.
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      return new Browser(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(args)));
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A fresh phone: 390×844, touch, French, pointed at {@code baseUrl}. */
  public BrowserContext phone(String baseUrl) {
    return context(phoneOptions(baseUrl));
  }

  /** A fresh desktop window, French, pointed at {@code baseUrl}. */
  public BrowserContext desktop(String baseUrl) {
    return context(desktopOptions(baseUrl));
  }

  /** What {@link #phone} opens, to adjust first (another language, JavaScript off, permissions). */
  public static com.microsoft.playwright.Browser.NewContextOptions phoneOptions(String baseUrl) {
    return new com.microsoft.playwright.Browser.NewContextOptions()
        .setBaseURL(baseUrl).setLocale("fr-FR")
        .setViewportSize(PHONE_WIDTH, PHONE_HEIGHT).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true);
  }

  public static com.microsoft.playwright.Browser.NewContextOptions desktopOptions(String baseUrl) {
    return new com.microsoft.playwright.Browser.NewContextOptions()
        .setBaseURL(baseUrl).setLocale("fr-FR").setViewportSize(DESKTOP_WIDTH, DESKTOP_HEIGHT);
  }

  /** A context with any other options (permissions, geolocation, a different size). */
  public BrowserContext context(com.microsoft.playwright.Browser.NewContextOptions options) {
    BrowserContext context = chromium.newContext(options);
    context.setDefaultTimeout(TIMEOUT_MS);
    context.setDefaultNavigationTimeout(TIMEOUT_MS);
    return context;
  }

  /** Saves the whole page as {@code target/screenshots/<name>.png} and answers the file. */
  public static Path screenshot(Page page, String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true).setTimeout(SCREENSHOT_TIMEOUT_MS));
    return file;
  }

  /** Saves only what the screen shows now, where the page is scrolled to, as {@code target/screenshots/<name>.png}. */
  public static Path screenshotOfScreen(Page page, String name) {
    Path file = SCREENSHOTS.resolve(name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setTimeout(SCREENSHOT_TIMEOUT_MS));
    return file;
  }

  /** The base address of a hub started by {@link HubHarness}. */
  public static String baseUrl(HubHarness harness) {
    return "http://127.0.0.1:" + harness.hub.port();
  }

  @Override
  public void close() {
    try {
      chromium.close();
    } finally {
      playwright.close();
    }
  }
}
