package org.relais.hub.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JoinTokens;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.outbox.OutboxMessage;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.reminders.Reminders;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.storage.Columns;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.JoinState;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * Households off the radar, retention and erasure, over HTTP on each database: the staff's pages and the
 * family's manage link, the data read back through the hub's own services.
 */
class HouseholdsTest {
  private static final StaffPrincipal AUDIT = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());
  private static final String PHONE = HouseholdScene.PHONE;

  private static List<OffRadar.Line> offRadar(HubHarness harness) {
    return harness.hub.households().offRadar().list(AUDIT, 4, PrivacyLog.Action.OFF_RADAR_VIEWED).await();
  }

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aHouseholdSeenThreeTimesThenAbsentFiveWeeksIsOffTheRadarForFourWeeksNotForSix(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular martin = scene.regular(3);
      Centre centre = martin.centre();
      Session cooking = martin.cooking();
      Registration silent = scene.register(cooking, "Famille Sans Contact", null, false).registration();
      Registration once = scene.register(cooking, "Famille Une Fois", "07 55 66 77 88", true).registration();
      scene.cameTo(cooking, silent.id(), 3);
      scene.cameTo(cooking, once.id(), 1);
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));

      String fourWeeks = web.get(coordinator, "/staff/households?weeks=4").bodyAsString();
      assertThat(fourWeeks).contains("Famille Martin", "06 11 22 33 44", "Famille Sans Contact",
          "Cuisine du monde", "Les Tisserands");
      // Seen once only: not a household that dropped off, one that never settled in.
      assertThat(fourWeeks).doesNotContain("Famille Une Fois");
      String sixWeeks = web.get(coordinator, "/staff/households?weeks=6").bodyAsString();
      assertThat(sixWeeks).doesNotContain("Famille Martin", "Famille Sans Contact");
      HttpResponse<Buffer> defaultWeeks = web.get(coordinator, "/staff/households");
      assertThat(defaultWeeks.statusCode()).isEqualTo(200);
      assertThat(defaultWeeks.bodyAsString()).contains("Famille Martin", "value=\"4\"");

      // No consent: no contact, on the list and on the list to call.
      Household withoutConsent = offRadar(harness).stream()
          .map(OffRadar.Line::household).filter(h -> h.lastMember().displayName().equals("Famille Sans Contact"))
          .findFirst().orElseThrow();
      assertThat(withoutConsent.phone()).isEmpty();
      assertThat(withoutConsent.email()).isEmpty();
      String calls = web.get(coordinator, "/staff/households/calls?weeks=4").bodyAsString();
      assertThat(calls).contains("Famille Martin", "06 11 22 33 44").doesNotContain("Famille Sans Contact");

      // Nonsense weeks: said next to the field, nothing listed.
      HttpResponse<Buffer> wrong = web.get(coordinator, "/staff/households?weeks=abc");
      assertThat(wrong.statusCode()).isEqualTo(422);
      assertThat(wrong.bodyAsString()).contains("weeks-error").doesNotContain("Famille Martin");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void markingContactedSaysWhoAndWhenUntilTheHouseholdIsSeenAgain(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = new HouseholdScene(harness).regular(3).centre();
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      StaffWeb web = new StaffWeb(harness);
      StaffMember nadia = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      StaffWeb.Session coordinator = web.signIn(nadia);
      String ref = offRadar(harness).get(0).household().ref();

      HttpResponse<Buffer> forged = web.postWithToken(coordinator, "/staff/households/" + ref + "/contacted",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(forged.statusCode()).isEqualTo(403);
      HttpResponse<Buffer> marked = web.post(coordinator, "/staff/households/" + ref + "/contacted?weeks=4",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(marked.statusCode()).isEqualTo(303);
      assertThat(marked.getHeader("Location")).startsWith("/staff/households?weeks=4");
      OffRadar.Line line = offRadar(harness).get(0);
      assertThat(line.contacted()).isPresent();
      assertThat(line.contacted().get().by()).isEqualTo(nadia.displayName());
      assertThat(line.contacted().get().at()).isEqualTo(harness.clock.instant());
      assertThat(web.get(coordinator, "/staff/households?weeks=4").bodyAsString()).contains(nadia.displayName());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anInvitationIsOneMessageOnTheConsentedChannelRecordedUntilTheHouseholdIsErased(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular regular = scene.regular(3);
      // The same household gave an address later, with its consent: the phone still wins.
      Registration withMail = harness.hub.registrations().register(regular.cooking().id(), new RegistrationRequest(
          "Famille Martin", "martin@example.org", "06 11 22 33 44", 3, true, "fr"), null).await().registration();
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      StaffWeb web = new StaffWeb(harness);
      StaffMember nadia = harness.staff(Role.COORDINATOR, Set.of(regular.centre().id()));
      StaffWeb.Session coordinator = web.signIn(nadia);
      StaffWeb.Session stranger = web.signIn(harness.staff(Role.COORDINATOR,
          Set.of(harness.centre("Ailleurs").id())));
      String ref = offRadar(harness).get(0).household().ref();

      assertThat(web.post(stranger, "/staff/households/" + ref + "/invite", MultiMap.caseInsensitiveMultiMap())
          .statusCode()).isEqualTo(404);
      HttpResponse<Buffer> invited = web.post(coordinator, "/staff/households/" + ref + "/invite?weeks=4",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(invited.statusCode()).isEqualTo(303);
      assertThat(invited.getHeader("Location")).isEqualTo("/staff/households?weeks=4&notice=household_invite_queued");
      assertThat(web.post(coordinator, "/staff/households/" + ref + "/invite?weeks=4",
          MultiMap.caseInsensitiveMultiMap()).getHeader("Location")).endsWith("notice=household_invite_already_today");

      List<OutboxMessage> invitations = Stream.of(regular.familyId(), withMail.id())
          .flatMap(id -> harness.hub.reminders().outbox().ofRegistration(id).await().stream())
          .filter(m -> m.kind() == MessageKind.INVITATION).toList();
      assertThat(invitations).singleElement().satisfies(m -> {
        assertThat(m.channel()).isEqualTo(Channel.SMS);
        assertThat(Outbox.invitedCategory(m)).isEqualTo("COOKING");
      });
      OffRadar.Line line = offRadar(harness).get(0);
      assertThat(line.invited()).hasValueSatisfying(i -> {
        assertThat(i.by()).isEqualTo(nadia.displayName());
        assertThat(i.channel()).isEqualTo("SMS");
        assertThat(i.at()).isEqualTo(harness.clock.instant());
      });
      assertThat(harness.get("/r/" + regular.family().manageToken() + "/data.json").bodyAsJsonObject()
          .getJsonArray("invitedBy")).hasSize(1);

      // A day later, a second invitation; then the family erases its data and the invitations go with it.
      harness.clock.set(harness.clock.instant().plus(Duration.ofDays(1)));
      coordinator = web.signIn(nadia);
      assertThat(web.post(coordinator, "/staff/households/" + ref + "/invite", MultiMap.caseInsensitiveMultiMap())
          .getHeader("Location")).endsWith("notice=household_invite_queued");
      assertThat(harness.http.post("/r/" + regular.family().manageToken() + "/erase").send().await().statusCode())
          .isEqualTo(303);
      assertThat(harness.hub.households().offRadar().list(AUDIT, 4, PrivacyLog.Action.OFF_RADAR_VIEWED).await()
          .stream().filter(l -> l.household().ref().equals(ref))).isEmpty();
      Pool pool = harness.hub.reminders().outbox().pool();
      assertThat(pool.preparedQuery("SELECT COUNT(*) AS n FROM household_invitations WHERE household = ?")
          .execute(Tuple.of(ref)).await().iterator().next().getLong("n")).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anInvitationNamesOnlyTheClassesTheHouseholdCanStillJoinWhenItIsSent(String database) throws Exception {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular regular = scene.regular(3);
      Centre centre = regular.centre();
      Instant invitedAt = HouseholdScene.weeksAfter(3, 5);
      harness.clock.set(invitedAt);
      // The household holds a place in one class of its theme, by its phone written another way and an address...
      Session workshop = cookingClass(harness, centre, "Atelier cuisine des familles", invitedAt.plus(
          Duration.ofDays(2)), 12);
      Registration holding = harness.hub.registrations().register(workshop.id(), new RegistrationRequest(
          "Famille Martin", "Martin@Example.org", "+33 6 11 22 33 44", 3, true, "fr"), null).await().registration();
      assertThat(holding.status()).isEqualTo(RegistrationStatus.CONFIRMED);
      // ...and waits for one in another, by that address alone, written another way again.
      Session market = cookingClass(harness, centre, "Cuisine du marché", invitedAt.plus(Duration.ofDays(3)), 1);
      scene.register(market, "Famille Roux", "07 55 66 77 88", true);
      RegistrationService.Registered waiting = harness.hub.registrations().register(market.id(),
          new RegistrationRequest("Famille Martin", " martin@example.ORG ", null, 3, true, "fr"), null).await();
      assertThat(waiting.registration().status()).isEqualTo(RegistrationStatus.WAITLISTED);
      // Known by its address alone, that registration is a household of its own to the family's data page.
      HttpResponse<Buffer> data = harness.get("/r/" + waiting.manageToken() + "/data.json");
      assertThat(data.statusCode()).isEqualTo(200);
      assertThat(data.bodyAsJsonObject().getJsonArray("registrations")).hasSize(1);
      // A class about to begin, one its instructor will open early, one whose sitting is called off, one to come.
      Session soup = cookingClass(harness, centre, "La soupe express", invitedAt.plus(Duration.ofMinutes(10)), 12);
      Session trial = cookingClass(harness, centre, "Diffusion d'essai", invitedAt.plus(Duration.ofMinutes(40)), 12);
      Session season = cookingClass(harness, centre, "Cuisine de saison", invitedAt.plus(Duration.ofDays(4)), 12);
      harness.hub.sittings().cancel(AUDIT, season.id(), date(harness, season)).await();
      Session pastry = cookingClass(harness, centre, "Pâtisserie", invitedAt.plus(Duration.ofDays(6)), 12);
      // The registrations' own messages go first, out of the way.
      harness.hub.reminders().worker().runOnce().await();

      StaffWeb web = new StaffWeb(harness);
      StaffMember nadia = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      StaffWeb.Session coordinator = web.signIn(nadia);
      String ref = Household.ref("tel:+33611223344");
      assertThat(web.post(coordinator, "/staff/households/" + ref + "/invite", MultiMap.caseInsensitiveMultiMap())
          .getHeader("Location")).endsWith("notice=household_invite_queued");
      // The text goes twenty minutes later: the soup has begun, the trial broadcast is on air before its time.
      harness.clock.set(invitedAt.plus(Duration.ofMinutes(20)));
      harness.hub.sittings().start(AUDIT, trial.id(), date(harness, trial)).await();
      harness.hub.reminders().worker().runOnce().await();

      assertThat(invitations(harness, holding.id())).singleElement()
          .satisfies(m -> assertThat(m.status()).isIn(MessageStatus.SENT, MessageStatus.DELIVERED));
      String texts = Files.readString(Reminders.outboxDir(harness.dataDir).resolve("sms.txt"),
          StandardCharsets.UTF_8);
      String text = texts.substring(texts.lastIndexOf("vous nous manquez"));
      text = text.substring(0, text.indexOf("?category=cooking"));
      assertThat(text).contains("Prochains cours \"Cuisine\": Pâtisserie ")
          .doesNotContain(workshop.draft().title(), market.draft().title(), soup.draft().title(),
              trial.draft().title(), season.draft().title(), ";");
      // The list says the household holds a place to come: it may simply be coming back.
      assertThat(web.get(coordinator, "/staff/households?weeks=4").bodyAsString()).contains("Message envoyé",
          "Encore inscrit à « Atelier cuisine des familles »");

      // The next day the household takes that class too: nothing is left to invite it to, and nothing is sent.
      harness.clock.set(invitedAt.plus(Duration.ofDays(1)));
      Registration pastryPlace = harness.hub.registrations().register(pastry.id(), new RegistrationRequest(
          "Famille Martin", null, HouseholdScene.PHONE, 3, true, "fr"), null).await().registration();
      harness.hub.reminders().worker().runOnce().await();
      coordinator = web.signIn(nadia);
      assertThat(web.post(coordinator, "/staff/households/" + ref + "/invite", MultiMap.caseInsensitiveMultiMap())
          .getHeader("Location")).endsWith("notice=household_invite_queued");
      harness.hub.reminders().worker().runOnce().await();
      assertThat(invitations(harness, pastryPlace.id())).singleElement().satisfies(m -> {
        assertThat(m.status()).isEqualTo(MessageStatus.SKIPPED);
        assertThat(m.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("no class of the theme to come"));
      });
      // The list says it did not go, and why, rather than a bare "invited".
      assertThat(web.get(coordinator, "/staff/households?weeks=4").bodyAsString()).contains("Message non envoyé :"
          + " aucun cours de son thème à venir dans les six semaines où le foyer n’est pas déjà inscrit");
      assertThat(Files.readString(Reminders.outboxDir(harness.dataDir).resolve("sms.txt"), StandardCharsets.UTF_8)
          .split("vous nous manquez", -1)).hasSize(2);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anInvitationNamesEachClassOnceAndNoneWithoutAPlaceLeft(String database) throws Exception {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular regular = scene.regular(3);
      Centre centre = regular.centre();
      Instant invitedAt = HouseholdScene.weeksAfter(3, 5);
      harness.clock.set(invitedAt);
      // A class whose one home place another family took, then a weekly class of three sittings to come.
      Session full = cookingClass(harness, centre, "Cuisine complète", invitedAt.plus(Duration.ofDays(1)), 1);
      scene.register(full, "Famille Blanc", "07 55 66 77 11", true);
      Instant soupsStart = invitedAt.plus(Duration.ofDays(2));
      harness.hub.schedule().createTrusted(new SessionDraft("Soupes d'hiver", Category.COOKING, null, "fr", null,
          centre.id(), soupsStart, soupsStart.plus(Duration.ofHours(1)), new Recurrence(EnumSet.of(
              soupsStart.atZone(ZoneOffset.UTC).getDayOfWeek()), null, 3), 12, VideoMode.JITSI, null)).await();
      cookingClass(harness, centre, "Pâtisserie", invitedAt.plus(Duration.ofDays(30)), 12);
      harness.hub.reminders().worker().runOnce().await();

      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      assertThat(web.post(coordinator, "/staff/households/" + Household.ref("tel:+33611223344") + "/invite",
          MultiMap.caseInsensitiveMultiMap()).getHeader("Location")).endsWith("notice=household_invite_queued");
      harness.hub.reminders().worker().runOnce().await();

      String texts = Files.readString(Reminders.outboxDir(harness.dataDir).resolve("sms.txt"), StandardCharsets.UTF_8);
      String text = texts.substring(texts.lastIndexOf("vous nous manquez"));
      text = text.substring(0, text.indexOf("?category=cooking"));
      assertThat(text).contains("Soupes d'hiver", "Pâtisserie").doesNotContain("Cuisine complète");
      assertThat(text.split("Soupes d'hiver", -1)).hasSize(2);
    }
  }

  private static Session cookingClass(HubHarness harness, Centre centre, String title, Instant start, int places) {
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.COOKING, null, "fr", null,
        centre.id(), start, start.plus(Duration.ofHours(1)), null, places, VideoMode.JITSI, null)).await();
  }

  private static String date(HubHarness harness, Session session) {
    return session.draft().start().atZone(harness.hub.schedule().zone()).toLocalDate().toString();
  }

  private static List<OutboxMessage> invitations(HubHarness harness, UUID registrationId) {
    return harness.hub.reminders().outbox().ofRegistration(registrationId).await().stream()
        .filter(m -> m.kind() == MessageKind.INVITATION).toList();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void staffErasingAHouseholdGivesUpItsWeeklyPlaceAndRevokesItsLinks(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("outbox.worker", "false"))) {
      HouseholdScene scene = new HouseholdScene(harness);
      Centre centre = harness.centre("Les Tisserands");
      // A weekly class of ten sittings with one home place: the family holds it, another waits.
      Session weekly = harness.hub.schedule().createTrusted(new SessionDraft("Couture", Category.CRAFTS, null, "fr",
          null, centre.id(), HouseholdScene.FIRST_SITTING, HouseholdScene.FIRST_SITTING.plus(Duration.ofHours(1)),
          new Recurrence(EnumSet.of(HouseholdScene.FIRST_SITTING.atZone(ZoneOffset.UTC).getDayOfWeek()), null, 10),
          1, VideoMode.JITSI, null)).await();
      RegistrationService.Registered family = scene.register(weekly, "Famille Martin", HouseholdScene.PHONE, true);
      Registration waiting = scene.register(weekly, "Famille Attente", null, false).registration();
      assertThat(waiting.status()).isEqualTo(RegistrationStatus.WAITLISTED);
      scene.cameTo(weekly, family.registration().id(), 2);
      // Between the second and the third sitting: eight still to come.
      harness.clock.set(HouseholdScene.FIRST_SITTING.plus(Duration.ofDays(8)));
      assertThat(harness.hub.join().open(family.joinToken()).await().state()).isNotEqualTo(JoinState.REVOKED);
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      String ref = Household.ref("tel:+33611223344");

      HttpResponse<Buffer> erased = web.post(coordinator, "/staff/households/" + ref + "/erase",
          MultiMap.caseInsensitiveMultiMap());
      assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(303);

      RegistrationService.Roster roster = harness.hub.registrations().rosterForStaff(AUDIT, weekly.id()).await();
      Registration gone = roster.find(family.registration().id()).orElseThrow();
      assertThat(gone.status()).isEqualTo(RegistrationStatus.CANCELLED);
      assertThat(gone.details().displayName()).isEqualTo("—");
      assertThat(gone.details().phone()).isNull();
      // The coming sittings count the family that waited, not the erased one.
      assertThat(roster.registrations()).filteredOn(r -> r.status() == RegistrationStatus.CONFIRMED)
          .extracting(Registration::id).containsExactly(waiting.id());
      assertThat(harness.hub.join().open(family.joinToken()).await().state()).isEqualTo(JoinState.REVOKED);
      String shortCode = family.shortJoinUrl().substring(family.shortJoinUrl().indexOf("/j/") + 3);
      assertThat(harness.hub.join().open(shortCode).transform(done -> io.vertx.core.Future.succeededFuture(
          done.failed() && done.cause() instanceof JoinTokens.InvalidJoinToken)).await()).isTrue();
      assertThat(harness.hub.reminders().outbox().ofRegistration(family.registration().id()).await())
          .noneMatch(m -> m.status() == org.relais.hub.outbox.MessageStatus.PENDING);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void thirteenMonthsAfterItsLastSittingAHouseholdLosesItsContactAndTheCountsStay(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular martin = scene.regular(3);
      Centre centre = martin.centre();
      Session cooking = martin.cooking();
      Registration silent = scene.register(cooking, "Famille Sans Contact", null, false).registration();
      scene.cameTo(cooking, silent.id(), 2);
      Attendance.Counts before = harness.hub.attendance().count(cooking.id()).await();

      // Twelve months on: nothing is due yet.
      harness.clock.set(HouseholdScene.weeksAfter(3, 0).plus(Duration.ofDays(300)));
      Session later = scene.comingClass(centre, "Tricot", 10);
      Registration recent = scene.register(later, "Famille Recente", "06 98 76 54 32", true).registration();
      assertThat(harness.hub.households().retention().runOnce().await().households()).isZero();

      harness.clock.set(HouseholdScene.weeksAfter(3, 0).atOffset(ZoneOffset.UTC).plusMonths(13)
          .toInstant());
      Retention.Run run = harness.hub.households().retention().runOnce().await();
      assertThat(run.households()).isEqualTo(2);
      assertThat(run.registrations()).isEqualTo(2);
      assertThat(run.stays()).isEqualTo(5);

      RegistrationService.Roster roster = harness.hub.registrations().rosterForStaff(AUDIT, cooking.id()).await();
      assertThat(roster.registrations()).hasSize(2).allSatisfy(r -> {
        assertThat(r.details().phone()).isNull();
        assertThat(r.details().email()).isNull();
        assertThat(r.details().consent()).isFalse();
        assertThat(r.details().displayName()).isEqualTo("—");
      });
      assertThat(harness.hub.attendance().count(cooking.id()).await()).isEqualTo(before);
      assertThat(harness.hub.registrations().rosterForStaff(AUDIT, later.id()).await().find(recent.id())
          .orElseThrow().details().phone()).isEqualTo("+33698765432");
      // A second run finds nothing left to erase.
      assertThat(harness.hub.households().retention().runOnce().await().registrations()).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void retentionClearsOldCheckInNamesAndWrittenTextsAndPurgesThePrivacyLogAfterItsOwnPeriod(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular martin = scene.regular(3);
      Centre centre = martin.centre();
      Session cooking = martin.cooking();
      Pool pool = harness.hub.database().pool();
      UUID site = UUID.randomUUID();
      Object at = Columns.instant(HouseholdScene.FIRST_SITTING);
      pool.preparedQuery("INSERT INTO sites (id, centre_id, name, capacity, version, created_at, updated_at)"
          + " VALUES (?, ?, 'Salle', 20, 1, ?, ?)").execute(Tuple.of(site, centre.id(), at, at)).await();
      RoomEvent event = (kind, delta, when, label) -> pool.preparedQuery(
              "INSERT INTO site_events (id, site_id, session_id, kind, delta, label, happened_at, received_at,"
                  + " sitting_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .execute(Tuple.from(java.util.Arrays.asList(UUID.randomUUID(), site, cooking.id(), kind, delta, label,
              Columns.instant(when), Columns.instant(when), when.atZone(ZoneOffset.UTC).toLocalDate()))).await();
      java.util.function.BiConsumer<Instant, String> checkIn = (when, name) -> event.add("CHECK_IN", 2, when, name);
      checkIn.accept(HouseholdScene.FIRST_SITTING.plus(Duration.ofMinutes(5)), "Famille Diallo");
      // What the room wrote during that sitting: a question to the instructor, a call for help.
      event.add("QUESTION", 0, HouseholdScene.FIRST_SITTING.plus(Duration.ofMinutes(20)), "Mme Diallo : et sans four ?");
      event.add("HELP_REQUESTED", 0, HouseholdScene.FIRST_SITTING.plus(Duration.ofMinutes(25)), "Poste 3 : M. Petit");
      pool.preparedQuery("INSERT INTO help_calls (id, session_id, centre_id, registration_id, display_name, message,"
              + " status, room_name, version, created_at, updated_at, sitting_date) VALUES (?, ?, ?, ?, 'Famille Martin',"
              + " 'Le son ne marche pas', 'DONE', 'aide', 1, ?, ?, ?)")
          .execute(Tuple.from(java.util.Arrays.asList(UUID.randomUUID(), cooking.id(), centre.id(), martin.familyId(),
              at, at, HouseholdScene.FIRST_SITTING.atZone(ZoneOffset.UTC).toLocalDate()))).await();
      PrivacyLog log = harness.hub.households().log();
      log.staff(AUDIT.id(), PrivacyLog.Action.OFF_RADAR_VIEWED, null, "weeks=4", "households=0").await();

      // Thirteen months on: a newer check-in keeps its name, the old one loses it; the log is still young.
      Instant thirteenMonths = HouseholdScene.weeksAfter(3, 0).atOffset(ZoneOffset.UTC).plusMonths(13).toInstant();
      harness.clock.set(thirteenMonths.minus(Duration.ofDays(30)));
      checkIn.accept(harness.clock.instant(), "Famille Petit");
      event.add("QUESTION", 0, harness.clock.instant().plusSeconds(60), "Combien de sel ?");
      harness.clock.set(thirteenMonths);
      Retention.Run run = harness.hub.households().retention().runOnce().await();
      assertThat(run.households()).isEqualTo(1);
      assertThat(run.checkIns()).isEqualTo(1);
      assertThat(run.texts()).isEqualTo(2);
      assertThat(run.logEntries()).isZero();
      assertThat(pool.query("SELECT kind, label, delta FROM site_events ORDER BY happened_at").execute().await())
          .extracting(row -> row.getString("kind") + "/" + row.getString("label") + "/" + row.getInteger("delta"))
          .containsExactly("CHECK_IN/null/2", "QUESTION/null/0", "HELP_REQUESTED/null/0", "CHECK_IN/Famille Petit/2",
              "QUESTION/Combien de sel ?/0");
      assertThat(pool.query("SELECT display_name, message FROM help_calls").execute().await())
          .extracting(row -> row.getString("display_name") + "/" + row.getString("message"))
          .containsExactly("—/null");
      assertThat(log.latest(100).await()).anySatisfy(e -> assertThat(e.action())
          .isEqualTo(PrivacyLog.Action.OFF_RADAR_VIEWED));

      // Thirty-seven months after the first entry, it goes; the runs' own entries of the last 36 months stay.
      harness.clock.set(HouseholdScene.FIRST_SITTING.atOffset(ZoneOffset.UTC).plusMonths(37).toInstant());
      Retention.Run later = harness.hub.households().retention().runOnce().await();
      assertThat(later.logEntries()).isPositive();
      assertThat(later.checkIns()).isEqualTo(1);
      assertThat(later.texts()).isEqualTo(1);
      List<PrivacyLog.Entry> kept = log.latest(100).await();
      assertThat(kept).noneSatisfy(e -> assertThat(e.action()).isEqualTo(PrivacyLog.Action.OFF_RADAR_VIEWED));
      assertThat(kept).filteredOn(e -> e.action() == PrivacyLog.Action.RETENTION_ERASED).hasSize(2)
          .allSatisfy(e -> assertThat(e.at()).isAfter(harness.clock.instant().minus(Duration.ofDays(36 * 31))));
      assertThat(pool.query("SELECT SUM(check_ins) AS c, SUM(log_entries) AS l FROM retention_runs").execute()
          .await().iterator().next().getLong("c")).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void erasingFromTheManageLinkAnonymisesTheHouseholdFreesItsPlacesAndKeepsTheCounts(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular regular = scene.regular(3);
      Centre centre = regular.centre();
      Session cooking = regular.cooking();
      RegistrationService.Registered martin = regular.family();
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      Session knitting = scene.comingClass(centre, "Tricot", 1);
      // The same phone written another way: the same household.
      Registration place = scene.register(knitting, "Famille Martin", "+33 6 11 22 33 44", true).registration();
      Registration waiting = scene.register(knitting, "Famille Attente", null, false).registration();
      assertThat(waiting.status()).isEqualTo(RegistrationStatus.WAITLISTED);
      Attendance.Counts before = harness.hub.attendance().count(cooking.id()).await();
      String manage = "/r/" + martin.manageToken();

      JsonObject data = harness.get(manage + "/data.json").bodyAsJsonObject();
      assertThat(data.getJsonArray("registrations")).hasSize(2);
      JsonObject first = data.getJsonArray("registrations").stream().map(JsonObject.class::cast)
          .filter(r -> r.getString("id").equals(martin.registration().id().toString())).findFirst().orElseThrow();
      assertThat(first.getString("phone")).isEqualTo("+33611223344");
      assertThat(first.getJsonObject("consent").getString("wordingVersion")).isEqualTo("1");
      assertThat(first.getJsonArray("stays")).hasSize(3);
      // The file explains itself in the family's language, with the day its data goes.
      assertThat(data.getString("language")).isEqualTo("fr");
      assertThat(data.getString("about")).startsWith("Tout ce que Relais garde sur votre foyer");
      String keptUntil = java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.LONG)
          .withLocale(java.util.Locale.FRENCH).format(java.time.Instant.parse(data.getString("keptUntil"))
              .atZone(java.time.ZoneOffset.UTC));
      assertThat(data.getString("retention"))
          .isEqualTo("Relais garde ces données jusqu’au " + keptUntil + " (12 mois après votre dernier cours), puis les efface.");

      HttpResponse<Buffer> confirm = harness.get(manage + "/erase");
      assertThat(confirm.statusCode()).isEqualTo(200);
      // "Your household" is said plainly, with what it holds: both registrations share the phone.
      assertThat(confirm.bodyAsString()).contains("le même numéro de téléphone que celle-ci",
          "Vous allez effacer 2 inscriptions à 2 cours.");
      assertThat(harness.get(manage).bodyAsString()).contains("/data.json");
      HttpResponse<Buffer> erased = harness.http.post(manage + "/erase").send().await();
      assertThat(erased.statusCode()).isEqualTo(303);
      assertThat(erased.getHeader("Location")).isEqualTo(manage + "/erased");
      assertThat(harness.get(manage + "/erased").statusCode()).isEqualTo(200);

      assertThat(offRadar(harness)).isEmpty();
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session admin = web.signIn(harness.staff(Role.ADMIN, Set.of()));
      assertThat(web.get(admin, "/staff/households?weeks=4").bodyAsString()).doesNotContain("Famille Martin");
      assertThat(web.get(admin, "/staff/classes/" + cooking.id() + "/registrations").bodyAsString())
          .doesNotContain("Famille Martin", "06 11 22 33 44");
      assertThat(web.get(admin, "/staff/classes/" + cooking.id() + "/registrations.csv").bodyAsString())
          .doesNotContain("Famille Martin", "06 11 22 33 44");
      RegistrationService.Roster knittingRoster = harness.hub.registrations().rosterForStaff(AUDIT, knitting.id())
          .await();
      assertThat(knittingRoster.find(place.id()).orElseThrow().status()).isEqualTo(RegistrationStatus.CANCELLED);
      assertThat(knittingRoster.find(waiting.id()).orElseThrow().status()).isEqualTo(RegistrationStatus.CONFIRMED);
      assertThat(harness.hub.attendance().count(cooking.id()).await()).isEqualTo(before);
      JsonObject after = harness.get(manage + "/data.json").bodyAsJsonObject();
      assertThat(after.getJsonArray("registrations")).isEmpty();
      assertThat(after.getString("note")).startsWith("Vos données personnelles sont effacées");
      // The manage page no longer offers what there is nothing left to do.
      String managePage = harness.get(manage).bodyAsString();
      assertThat(managePage).contains("Les données de votre foyer sont effacées")
          .doesNotContain("/data.json", manage + "/erase");
      // Erasing again is harmless; an unknown link is refused.
      assertThat(harness.http.post(manage + "/erase").send().await().statusCode()).isEqualTo(303);
      assertThat(harness.http.post("/r/not-a-link/erase").send().await().statusCode()).isEqualTo(404);
    }
  }

  /** Writes a relay-site event of {@code kind} as the site's journal would. */
  @FunctionalInterface
  private interface RoomEvent {
    void add(String kind, int delta, Instant when, String label);
  }
}
