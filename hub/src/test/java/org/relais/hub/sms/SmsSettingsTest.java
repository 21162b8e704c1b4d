package org.relais.hub.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Role;

/**
 * A centre's SMS line kept on H2 and PostgreSQL: every field and its version, a save over a stale version
 * refused, blank secrets kept, Brevo's webhook key made, other centres' staff refused; and the line the outbox
 * gets follows each change at once, falling back to the shared line when the centre has none.
 */
class SmsSettingsTest extends StoreTest {
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private final SmsGateway shared = request -> Future.succeededFuture(new SmsReceipt("file", DeliveryState.SENT));
  private SmsSettingsStore store;
  private CentreSmsLines lines;
  private SmsSettingsService service;
  private UUID centre;
  private StaffPrincipal coordinator;

  private void start(String kind) {
    open(kind);
    CentreStore centres = new CentreStore(db.pool(), clock);
    Centre tilleuls = new Centre(UUID.randomUUID(), "Maison de quartier des Tilleuls", CentreKind.SOCIAL_CENTRE, null,
        null, null, null, null, null, null, 1);
    centres.insert(tilleuls).await();
    centre = tilleuls.id();
    coordinator = new StaffPrincipal(UUID.randomUUID(), Role.COORDINATOR, Set.of(centre));
    store = new SmsSettingsStore(db.pool());
    lines = new CentreSmsLines(store, new SmsGateways(WebClient.create(vertx),
        new PublicAddress(Optional.of(URI.create("https://relais.example")))),
        centreId -> Future.succeededFuture(Optional.of(new SmsLine(shared, 500, true))));
    lines.listen(vertx.eventBus());
    service = new SmsSettingsService(store, new CentreService(centres), lines, vertx.eventBus(), clock);
  }

  private static SmsSettings.Draft android(String secret, String signingKey) {
    return new SmsSettings.Draft(SmsProvider.ANDROID_GATEWAY, Optional.of("http://192.168.1.20:8080"),
        Optional.of("sms"), Optional.ofNullable(secret), Optional.empty(), Optional.ofNullable(signingKey), 150);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsEveryFieldAndRefusesASaveOverAStaleVersion(String kind) {
    start(kind);
    assertThat(service.get(coordinator, centre).await()).isEqualTo(SmsSettings.none(centre));

    SmsSettings saved = service.save(coordinator, centre, android("Kx7pQ2vLm9", "Hq3vR8sLw2"), 0).await();

    assertThat(saved.version()).isEqualTo(1);
    assertThat(saved.updatedBy()).contains(coordinator.id());
    assertThat(store.find(centre).await()).contains(saved);
    Throwable stale = catchThrowable(() -> service.save(coordinator, centre, android("x", null), 0).await());
    assertThat(stale).isInstanceOfSatisfying(ProblemException.class,
        problem -> assertThat(problem.problem().status()).isEqualTo(412));
    assertThat(store.save(saved, 0).await()).isFalse();
    assertThat(store.find(centre).await()).contains(saved);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void blankSecretsKeepTheSavedOnesAndBrevoGetsAWebhookKeyOfItsOwn(String kind) {
    start(kind);
    service.save(coordinator, centre, android("Kx7pQ2vLm9", "Hq3vR8sLw2"), 0).await();

    SmsSettings kept = service.save(coordinator, centre, android(null, " "), 1).await();
    assertThat(kept.secret()).contains("Kx7pQ2vLm9");
    assertThat(kept.webhookKey()).contains("Hq3vR8sLw2");

    // Another provider: the phone's password and signing key are not Brevo's.
    Throwable noKey = catchThrowable(() -> service.save(coordinator, centre, new SmsSettings.Draft(SmsProvider.BREVO,
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("CSTilleuls"), Optional.empty(), 80), 2)
        .await());
    assertThat(noKey).isInstanceOfSatisfying(InvalidFieldException.class,
        invalid -> assertThat(invalid.field()).isEqualTo("secret"));
    SmsSettings brevo = service.save(coordinator, centre, new SmsSettings.Draft(SmsProvider.BREVO, Optional.empty(),
        Optional.empty(), Optional.of("xkeysib-0123"), Optional.of("CSTilleuls"), Optional.empty(), 80), 2).await();
    assertThat(brevo.secret()).contains("xkeysib-0123");
    assertThat(brevo.webhookKey()).hasValueSatisfying(key -> assertThat(key).isNotEqualTo("Hq3vR8sLw2").hasSize(32));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aNewBrevoLineGetsARandomWebhookKey(String kind) {
    start(kind);
    SmsSettings brevo = service.save(coordinator, centre, new SmsSettings.Draft(SmsProvider.BREVO, Optional.empty(),
        Optional.empty(), Optional.of("xkeysib-0123"), Optional.of("CSTilleuls"), Optional.empty(), 80), 0).await();

    assertThat(brevo.webhookKey()).hasValueSatisfying(key -> assertThat(key).matches("[A-Za-z0-9_-]{32}"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void onlyTheCentresCoordinatorsAndAdminsSeeOrChangeIt(String kind) {
    start(kind);
    StaffPrincipal elsewhere = new StaffPrincipal(UUID.randomUUID(), Role.COORDINATOR, Set.of(UUID.randomUUID()));
    StaffPrincipal animator = new StaffPrincipal(UUID.randomUUID(), Role.ANIMATOR, Set.of(centre));
    StaffPrincipal admin = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());

    for (StaffPrincipal refused : new StaffPrincipal[] {elsewhere, animator}) {
      assertThat(catchThrowable(() -> service.get(refused, centre).await())).isInstanceOf(ProblemException.class);
      assertThat(catchThrowable(() -> service.save(refused, centre, android("x", null), 0).await()))
          .isInstanceOf(ProblemException.class);
    }
    assertThat(service.save(admin, centre, android("Kx7pQ2vLm9", null), 0).await().version()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aLineMissingWhatItsProviderNeedsIsRefusedFieldByField(String kind) {
    start(kind);
    record Case(SmsSettings.Draft draft, String field) {}
    for (Case refused : new Case[] {
        new Case(new SmsSettings.Draft(SmsProvider.ANDROID_GATEWAY, Optional.empty(), Optional.of("sms"),
            Optional.of("p"), Optional.empty(), Optional.empty(), 10), "baseUrl"),
        new Case(new SmsSettings.Draft(SmsProvider.ANDROID_GATEWAY, Optional.of("ftp://phone"), Optional.of("sms"),
            Optional.of("p"), Optional.empty(), Optional.empty(), 10), "baseUrl"),
        new Case(new SmsSettings.Draft(SmsProvider.ANDROID_GATEWAY, Optional.of("http://phone:8080"),
            Optional.empty(), Optional.of("p"), Optional.empty(), Optional.empty(), 10), "username"),
        new Case(new SmsSettings.Draft(SmsProvider.ANDROID_GATEWAY, Optional.of("http://phone:8080"),
            Optional.of("sms"), Optional.empty(), Optional.empty(), Optional.empty(), 10), "secret"),
        new Case(new SmsSettings.Draft(SmsProvider.BREVO, Optional.empty(), Optional.empty(), Optional.of("k"),
            Optional.of("Centre social"), Optional.empty(), 10), "sender"),
        new Case(new SmsSettings.Draft(SmsProvider.LOCAL_FILE, Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), 10_001), "dailyCap")}) {
      assertThat(catchThrowable(() -> service.save(coordinator, centre, refused.draft(), 0).await()))
          .isInstanceOfSatisfying(InvalidFieldException.class,
              invalid -> assertThat(invalid.field()).isEqualTo(refused.field()));
    }
    assertThat(store.find(centre).await()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theOutboxGetsTheCentresLineAsSoonAsItChanges(String kind) {
    start(kind);
    SmsLine none = lines.forCentre(centre).await().orElseThrow();
    assertThat(none).isEqualTo(new SmsLine(shared, 500, true));

    service.save(coordinator, centre, new SmsSettings.Draft(SmsProvider.LOCAL_FILE, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 40), 0).await();
    assertThat(lines.forCentre(centre).await()).contains(new SmsLine(shared, 40, true));

    service.save(coordinator, centre, android("Kx7pQ2vLm9", null), 1).await();
    SmsLine phone = lines.forCentre(centre).await().orElseThrow();
    assertThat(phone.gateway()).isInstanceOf(AndroidGateway.class);
    assertThat(phone.dailyCap()).isEqualTo(150);

    // Another node saved: its news on the event bus drops this node's line too.
    store.save(new SmsSettings(centre, SmsProvider.LOCAL_FILE, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), 10, 3, Optional.empty(), clock.instant()), 2).await();
    vertx.eventBus().publish(CentreSmsLines.CHANGED, centre.toString());
    waitUntil(() -> lines.forCentre(centre).await().orElseThrow().dailyCap() == 10);
  }

  /** The event bus delivers on its own thread: wait for it, briefly, rather than for a fixed time. */
  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 5 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
