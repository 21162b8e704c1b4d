package org.relais.hub.calendars;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Interval;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * The calendar feeds through a real hub, read back with ical4j (not the library that writes them): every
 * sitting with a stable UID, a moved one at its new time with a higher SEQUENCE, a cancelled one kept as
 * cancelled, and an unchanged feed answered 304.
 */
class CalendarFeedsTest {
  /** Tuesdays 1, 8 and 15 December 2026, 18:00 to 19:00 in Paris. */
  private static final Instant FIRST = Instant.parse("2026-12-01T17:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private static Session weekly(HubHarness harness, Centre centre, String title, Category category) {
    return harness.hub.schedule().createTrusted(new SessionDraft(title, category, "Une description", "fr", null,
        centre.id(), FIRST, FIRST.plus(Duration.ofHours(1)), new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 3),
        10, VideoMode.DIRECT, null)).await();
  }

  private static Calendar parse(HttpResponse<Buffer> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("text/calendar; charset=utf-8");
    return new CalendarBuilder().build(new StringReader(response.bodyAsString()));
  }

  private static List<VEvent> events(Calendar calendar) {
    return calendar.getComponents("VEVENT").stream().map(VEvent.class::cast).toList();
  }

  private static String value(VEvent event, String property) {
    Optional<Property> found = event.getProperty(property);
    return found.map(Property::getValue).orElse(null);
  }

  private static VEvent byUid(List<VEvent> events, String uid) {
    return events.stream().filter(e -> uid.equals(value(e, Property.UID))).findFirst().orElseThrow();
  }

  private static Instant start(VEvent event) {
    Temporal start = event.getDateTimeStart().getDate();
    return start instanceof ZonedDateTime zoned ? zoned.toInstant() : Instant.from(start);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void feedsListEverySittingAndFollowMovesAndCancellations(String database) throws Exception {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre tisserands = harness.centre("Les Tisserands");
      Centre moulins = harness.centre("Médiathèque des Moulins");
      Session cooking = weekly(harness, tisserands, "Cuisine du monde", Category.COOKING);
      Session language = weekly(harness, moulins, "Français du quotidien", Category.LANGUAGE);
      StaffPrincipal coordinator = harness.staff(Role.COORDINATOR, Set.of(tisserands.id(), moulins.id())).principal();

      Calendar network = parse(harness.get("/calendar/network.ics"));
      List<VEvent> all = events(network);
      assertThat(all).hasSize(6);
      String movedUid = cooking.id() + "-20261208@relais";
      VEvent before = byUid(all, movedUid);
      assertThat(value(before, Property.SUMMARY)).isEqualTo("Cuisine du monde");
      assertThat(start(before)).isEqualTo(Instant.parse("2026-12-08T17:00:00Z"));
      assertThat(value(before, Property.STATUS)).isEqualTo("CONFIRMED");
      assertThat(value(before, Property.URL)).startsWith(harness.hub.publicUrl() + "/sessions/" + cooking.id());
      assertThat(value(before, Property.LOCATION)).startsWith("Les Tisserands");
      int sequenceBefore = Integer.parseInt(value(before, Property.SEQUENCE));

      assertThat(events(parse(harness.get("/calendar/centres/" + tisserands.id() + ".ics"))))
          .extracting(e -> value(e, Property.SUMMARY)).containsOnly("Cuisine du monde").hasSize(3);
      assertThat(events(parse(harness.get("/calendar/themes/language.ics"))))
          .extracting(e -> value(e, Property.SUMMARY)).containsOnly("Français du quotidien").hasSize(3);
      assertThat(events(parse(harness.get("/calendar/themes/DIGITAL-SKILLS.ics")))).isEmpty();

      // The cooking class's second sitting moves to the Thursday; the language class's last is called off.
      harness.hub.sittings().reschedule(coordinator, cooking.id(), "2026-12-08",
          new Interval(Instant.parse("2026-12-10T09:00:00Z"), Instant.parse("2026-12-10T10:30:00Z"))).await();
      harness.hub.sittings().cancel(coordinator, language.id(), "2026-12-15").await();

      List<VEvent> after = events(parse(harness.get("/calendar/network.ics")));
      assertThat(after).hasSize(6);
      VEvent moved = byUid(after, movedUid);
      assertThat(start(moved)).isEqualTo(Instant.parse("2026-12-10T09:00:00Z"));
      assertThat(Integer.parseInt(value(moved, Property.SEQUENCE))).isGreaterThan(sequenceBefore);
      VEvent cancelled = byUid(after, language.id() + "-20261215@relais");
      assertThat(value(cancelled, Property.STATUS)).isEqualTo("CANCELLED");
      assertThat(Integer.parseInt(value(cancelled, Property.SEQUENCE)))
          .isGreaterThan(Integer.parseInt(value(byUid(all, language.id() + "-20261215@relais"), Property.SEQUENCE)));
      assertThat(value(byUid(after, language.id() + "-20261201@relais"), Property.STATUS)).isEqualTo("CONFIRMED");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anUnchangedFeedIsAnswered304AndAChangedOneAgain200(String database) throws Exception {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      Session cooking = weekly(harness, centre, "Cuisine du monde", Category.COOKING);
      String path = "/calendar/centres/" + centre.id() + ".ics";

      HttpResponse<Buffer> first = harness.get(path);
      String etag = first.getHeader("ETag");
      assertThat(etag).startsWith("\"").endsWith("\"");
      assertThat(first.getHeader("Cache-Control")).contains("max-age");

      HttpResponse<Buffer> head = harness.http.head(path).send().await();
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.getHeader("ETag")).isEqualTo(etag);
      assertThat(head.body() == null || head.body().length() == 0).isTrue();

      HttpResponse<Buffer> again = harness.http.get(path).putHeader("If-None-Match", etag).send().await();
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.getHeader("ETag")).isEqualTo(etag);
      assertThat(again.body() == null || again.body().length() == 0).isTrue();
      assertThat(harness.http.get(path).putHeader("If-None-Match", "W/" + etag + ", \"other\"").send().await()
          .statusCode()).isEqualTo(304);

      StaffPrincipal coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id())).principal();
      harness.hub.sittings().cancel(coordinator, cooking.id(), "2026-12-08").await();
      HttpResponse<Buffer> changed = harness.http.get(path).putHeader("If-None-Match", etag).send().await();
      assertThat(changed.statusCode()).isEqualTo(200);
      assertThat(changed.getHeader("ETag")).isNotEqualTo(etag);
      assertThat(parse(changed).getComponents("VEVENT")).hasSize(3);

      // A second change at the same instant (the test's clock stands still) is seen too.
      String second = changed.getHeader("ETag");
      harness.hub.sittings().cancel(coordinator, cooking.id(), "2026-12-15").await();
      assertThat(harness.http.get(path).putHeader("If-None-Match", second).send().await().statusCode())
          .isEqualTo(200);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anUnknownCentreOrThemeIsAProblem404(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      for (String path : List.of("/calendar/centres/" + java.util.UUID.randomUUID() + ".ics",
          "/calendar/centres/not-an-id.ics", "/calendar/themes/astrology.ics")) {
        HttpResponse<Buffer> answer = harness.http.get(path).putHeader("Accept", "text/calendar").send().await();
        assertThat(answer.statusCode()).as(path).isEqualTo(404);
        assertThat(answer.getHeader("Content-Type")).as(path).isEqualTo("application/problem+json");
        JsonObject problem = answer.bodyAsJsonObject();
        assertThat(problem.getInteger("status")).isEqualTo(404);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theProgrammeOffersTheFeedsOfWhatItShows(String database) {
    try (HubHarness harness = HubHarness.start(database, Map.of("http.publicUrl", "https://relais.example.org"))) {
      Centre centre = harness.centre("Les Tisserands");
      String page = harness.get("/?centre=" + centre.id() + "&category=COOKING").bodyAsString();
      assertThat(page).contains("href=\"webcal://relais.example.org/calendar/centres/" + centre.id() + ".ics\"")
          .contains("href=\"webcal://relais.example.org/calendar/themes/cooking.ics\"")
          .contains("href=\"webcal://relais.example.org/calendar/network.ics\"")
          .contains("href=\"https://relais.example.org/calendar/network.ics\"");
    }
  }
}
