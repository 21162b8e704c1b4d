package org.relais.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.site.cli.RelaySiteCommand;
import org.relais.site.config.SiteConfig;
import org.relais.site.link.Enrolment;
import org.relais.site.link.LinkState;

/**
 * A coordinator, in a browser, adds a room to their centre, books a class for it and enrols its relay-site:
 * the command the page shows, run as it reads (only the configuration file's path is this test's), enrols a
 * real relay, which comes on line on the room's page; then they revoke it and the relay is cut off. On a
 * desktop and on a phone, each page checked with axe-core and photographed.
 */
class EnrolFromStaffAppBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private HubHarness harness;
  private Browser browser;
  private Centre centre;
  private StaffMember coordinator;
  private Path relayData;
  private SiteApplication relay;

  @BeforeEach
  void start() throws Exception {
    harness = HubHarness.start("h2", Map.of("sites.heartbeatInterval", "PT1S"));
    centre = harness.centre("Centre social du Faubourg");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    Instant start = harness.clock.instant().plus(Duration.ofDays(2));
    harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr", null,
        centre.id(), start, start.plus(Duration.ofMinutes(90)), null, 20, VideoMode.DIRECT, null)).await();
    relayData = Files.createTempDirectory("relais-relay-");
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    if (relay != null) {
      relay.stop().await();
    }
    browser.close();
    harness.close();
  }

  @Test
  void aCoordinatorAddsARoomBooksAClassEnrolsItsRelayAndRevokesIt() throws Exception {
    try (BrowserContext desktop = browser.desktop(Browser.baseUrl(harness))) {
      Page signIn = desktop.newPage();
      StaffWeb.signIn(signIn, Browser.baseUrl(harness), coordinator);
      WatchedPage watched = new WatchedPage(signIn);
      Page page = watched.page;

      page.navigate("/staff/centres");
      assertThat(page.locator("h1")).hasText("Centres et salles");
      check(watched, "centres-1-list-desktop");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Centre social du Faubourg")).click();
      assertThat(page.locator("h1")).hasText("Centre social du Faubourg");
      assertThat(page.locator("#rooms + p")).hasText("Ce centre n’a pas encore de salle. Ajoutez la salle où les cours "
          + "passeront sur grand écran.");
      page.getByText("Ajouter une salle").click();

      page.getByLabel("Nom de la salle").fill("Salle Nelson Mandela");
      page.getByLabel("Places").fill("0");
      page.getByText("Créer la salle").click();
      assertThat(page.locator("#capacity-error")).hasText("Indiquez un nombre de places entre 1 et 1000.");
      assertThat(page.getByLabel("Nom de la salle")).hasValue("Salle Nelson Mandela");
      check(watched, "centres-2-room-refused-desktop");
      page.getByLabel("Places").fill("20");
      page.getByLabel("Équipement").fill("Vidéoprojecteur, enceinte");
      page.getByText("Créer la salle").click();
      assertThat(page.locator(".notice")).hasText("Salle créée.");
      assertThat(page.locator("h1")).hasText("Salle Nelson Mandela");
      assertThat(page.locator("#relay-state")).containsText("Pas de relais inscrit");

      page.getByLabel("Cours", new Page.GetByLabelOptions().setExact(true)).selectOption(
          new com.microsoft.playwright.options.SelectOption().setIndex(1));
      page.getByLabel("Nombre de personnes attendues").fill("45");
      page.getByText("Réserver", new Page.GetByTextOptions().setExact(true)).click();
      assertThat(page.locator("#expectedHeadCount-error")).hasText("Indiquez combien de personnes sont attendues : "
          + "entre 1 et 20, le nombre de places de la salle.");
      page.getByLabel("Nombre de personnes attendues").fill("12");
      page.getByText("Réserver", new Page.GetByTextOptions().setExact(true)).click();
      assertThat(page.locator(".notice")).hasText("Cours réservé pour la salle.");
      assertThat(page.locator("table.bookings tbody tr")).hasCount(1);
      assertThat(page.locator("table.bookings tbody tr td").first()).hasText("Cuisine du monde");
      assertThat(page.locator("table.bookings tbody tr td").nth(2)).hasText("12");
      check(watched, "centres-3-room-booked-desktop");

      page.getByText("Inscrire un relais").click();
      assertThat(page.locator("h1")).hasText("Inscrire le relais · Salle Nelson Mandela");
      String code = page.locator("#enrolment-code").textContent().strip();
      String command = page.locator("#enrol-command").textContent().strip();
      assertThat(command).isEqualTo("sudo -u relais java -jar /opt/relais/relais-relay-site.jar --config "
          + "/etc/relais/relay-site.properties enrol --hub http://localhost:" + harness.hub.port() + " --code " + code);
      assertThat(page.locator("#enrolment-expiry")).containsText("Il ne sert qu’une fois et marche jusqu’au");
      assertThat(read(page.locator("img.qr").screenshot())).as("the QR code as a phone reads it").isEqualTo(command);
      check(watched, "centres-4-enrolment-desktop");

      // The command as the installer types it; only the configuration file is this machine's.
      runAsTyped(command);
      Enrolment enrolment = Enrolment.read(relayData).orElseThrow();
      assertThat(enrolment.siteName()).isEqualTo("Salle Nelson Mandela");
      assertThat(enrolment.centreName()).isEqualTo("Centre social du Faubourg");
      relay = SiteApplication.start(SiteConfig.from(Map.of("data.dir", relayData.toString(), "kiosk.host",
          "127.0.0.1", "kiosk.port", "0", "kiosk.signInFor", "PT12H")), harness.clock).await();
      page.getByText("Retour à la salle").click();
      CentreFixture.await("the room's page to show its relay on line", WAIT, () -> {
        page.reload();
        return page.locator("#relay-state .online").count() == 1;
      });
      assertThat(page.locator("#relay-state")).containsText("En ligne");
      assertThat(page.locator("#relay-state")).containsText("dernier signe de vie");
      check(watched, "centres-5-relay-online-desktop");

      page.getByText("Révoquer le relais").click();
      assertThat(page.locator("h1")).hasText("Révoquer le relais · Salle Nelson Mandela");
      check(watched, "centres-6-revoke-desktop");
      page.getByText("Oui, révoquer le relais").click();
      assertThat(page.locator(".notice")).hasText("Relais révoqué : il est déconnecté.");
      assertThat(page.locator("#relay-state")).containsText("Pas de relais inscrit");
      CentreFixture.await("the relay to be cut off", WAIT, () -> relay.linkStatus().state() == LinkState.REVOKED);
      // The two refused forms came back as 422 pages, which the browser's console notes; nothing else may.
      assertThat(watched.problems.removeIf(problem -> problem.contains("status of 422"))).isTrue();
      watched.assertQuiet();
    }
  }

  @Test
  void thePagesWorkOnAPhone() {
    try (BrowserContext phone = browser.phone(Browser.baseUrl(harness))) {
      Page signIn = phone.newPage();
      StaffWeb.signIn(signIn, Browser.baseUrl(harness), coordinator);
      WatchedPage watched = new WatchedPage(signIn);
      Page page = watched.page;

      page.navigate("/staff/centres/" + centre.id() + "/rooms/new");
      page.getByLabel("Nom de la salle").fill("Salle Nelson Mandela");
      page.getByLabel("Places").fill("20");
      check(watched, "centres-1-room-form-phone");
      page.getByText("Créer la salle").click();
      assertThat(page.locator(".notice")).hasText("Salle créée.");
      page.getByLabel("Cours", new Page.GetByLabelOptions().setExact(true)).selectOption(
          new com.microsoft.playwright.options.SelectOption().setIndex(1));
      page.getByLabel("Nombre de personnes attendues").fill("12");
      page.getByText("Réserver", new Page.GetByTextOptions().setExact(true)).click();
      assertThat(page.locator(".notice")).hasText("Cours réservé pour la salle.");
      check(watched, "centres-2-room-phone");
      page.getByText("Inscrire un relais").click();
      assertThat(page.locator("#enrol-command")).containsText("enrol --hub");
      check(watched, "centres-3-enrolment-phone");
      page.navigate("/staff/centres/" + centre.id());
      assertThat(page.locator("table.rooms tbody tr")).hasCount(1);
      check(watched, "centres-4-centre-phone");
      page.getByText("Modifier le centre").click();
      check(watched, "centres-5-centre-form-phone");
      page.navigate("/staff/centres");
      check(watched, "centres-6-list-phone");
      watched.assertQuiet();
    }
  }

  /** Runs the page's command line through the relay-site's own command, as {@code java -jar} would. */
  private void runAsTyped(String command) throws Exception {
    List<String> words = new ArrayList<>(Arrays.asList(command.split(" ")));
    List<String> args = new ArrayList<>(words.subList(words.indexOf("/opt/relais/relais-relay-site.jar") + 1,
        words.size()));
    Path config = Files.writeString(relayData.resolve("relay-site.properties"), "data.dir=" + relayData + "\n");
    args.set(args.indexOf("--config") + 1, config.toString());
    assertThat(RelaySiteCommand.commandLine().execute(args.toArray(String[]::new))).isZero();
  }

  /** Decodes the QR code in a picture of it, as a phone's camera would. */
  private static String read(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
        new RGBLuminanceSource(image.getWidth(), image.getHeight(), rgb)))).getText();
  }

  private static void check(WatchedPage watched, String screenshot) {
    Browser.screenshot(watched.page, screenshot);
    PageChecks.checkBasics(watched, "fr");
    PageChecks.checkAccessibility(watched.page);
  }
}
