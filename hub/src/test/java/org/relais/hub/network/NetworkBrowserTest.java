package org.relais.hub.network;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;

/**
 * A coordinator keeps the network page open, on a desktop and on a phone: they see this week's sittings of
 * their own centre only, narrow them by theme and by centre from the keyboard, and watch a relay-site of
 * their centre come online and drop offline again, first in the list, without reloading the page.
 */
class NetworkBrowserTest {
  private NetworkFixture network;
  private Browser browser;
  private String hallCredential;
  private String cyberspaceCredential;

  @BeforeEach
  void start() {
    network = new NetworkFixture("h2");
    hallCredential = network.enrol(network.hall);
    cyberspaceCredential = network.enrol(network.cyberspace);
    network.enrol(network.workshop);
    network.register(network.cooking, "Famille Diallo");
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    browser.close();
    network.close();
  }

  @Test
  void onADesktop() {
    try (BrowserContext desktop = browser.desktop(Browser.baseUrl(network.harness))) {
      follow(desktop.newPage(), "network-desktop");
    }
  }

  @Test
  void onAPhone() {
    try (BrowserContext phone = browser.phone(Browser.baseUrl(network.harness))) {
      follow(phone.newPage(), "network-phone");
    }
  }

  private void follow(Page page, String name) {
    WatchedPage watched = new WatchedPage(page);
    BridgeClient cyberspace = network.link(network.cyberspace, cyberspaceCredential);
    StaffWeb.signIn(page, Browser.baseUrl(network.harness), network.coordinator);
    assertThat(page).hasURL(Browser.baseUrl(network.harness) + "/staff/");
    Locator sittings = page.locator("tr[data-sitting]");
    assertThat(sittings).hasCount(2);
    assertThat(page.locator("#days")).containsText("Cuisine du monde");
    assertThat(page.locator("#days")).containsText("Premiers pas sur la tablette");
    assertThat(page.locator("#days")).containsText("1 sur 10 places");
    assertThat(page.locator("#days")).not().containsText("Tours de magie");
    assertThat(page.locator("#centre option")).hasCount(2);
    assertThat(page.locator("main")).not().containsText("Maison de quartier des Moulins");
    PageChecks.checkBasics(watched, "fr");
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, name + "-1-week");

    // Narrowed by theme from the keyboard: the select, then the button.
    page.locator("#theme").focus();
    page.locator("#theme").selectOption("DIGITAL_SKILLS");
    page.keyboard().press("Tab");
    page.keyboard().press("Enter");
    page.waitForURL(url -> url.contains("theme=DIGITAL_SKILLS"));
    assertThat(sittings).hasCount(1);
    assertThat(sittings.first()).containsText("Premiers pas sur la tablette");
    page.locator("#theme").selectOption("");
    page.locator("#centre").selectOption(network.tisserands.id().toString());
    page.locator("form.network-filters button").click();
    page.waitForURL(url -> url.contains("centre=" + network.tisserands.id()));
    assertThat(sittings).hasCount(2);

    // The hall's relay has never linked: offline, so first.
    Locator sites = page.locator("#sites tr");
    assertThat(sites).hasCount(2);
    assertThat(sites.first()).hasAttribute("data-site", network.hall.id().toString());
    assertThat(sites.first()).containsText("Jamais connecté");
    page.evaluate("() => { window.sameDocument = true; }");

    BridgeClient hall = network.link(network.hall, hallCredential);
    Locator hallRow = page.locator("#sites tr[data-site='" + network.hall.id() + "']");
    assertThat(hallRow).hasAttribute("data-online", "true");
    assertThat(hallRow).containsText("En ligne");
    assertThat(hallRow).containsText("2.4.1");
    assertThat(sites.first()).hasAttribute("data-site", network.cyberspace.id().toString());
    assertThat(page.locator("#sites-summary")).containsText("2 en ligne, 0 hors ligne");
    Browser.screenshot(page, name + "-2-online");

    hall.close();
    assertThat(hallRow).hasAttribute("data-online", "false");
    assertThat(sites.first()).hasAttribute("data-site", network.hall.id().toString());
    assertThat(hallRow).containsText("Hors ligne");
    assertThat(hallRow).containsText("Aujourd’hui à 09:00");
    assertThat(page.locator("#network-live")).containsText("Page à jour à");
    assertThat(page.evaluate("() => window.sameDocument === true")).as("no reload").isEqualTo(true);
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, name + "-3-offline");
    cyberspace.close();
    // Leaving a page cuts its event stream: that request's end is expected, nothing else.
    assertThat(watched.problems).filteredOn(problem -> !problem.contains("/staff/network/events")).isEmpty();
  }
}
