package org.relais.hub.centres;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * The centres and rooms pages' forms over HTTP, as a browser posts them: refusals said next to the field with
 * the values kept, and the table of who may do what: every POST endpoint tried by every role, each refusal a
 * 403 that changes nothing.
 */
class CentrePagesTest {
  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRefusedFormSaysWhyNextToTheFieldAndKeepsWhatWasTyped(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Centre social du Faubourg");
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session coordinator = web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
      String rooms = "/staff/centres/" + centre.id() + "/rooms";

      HttpResponse<Buffer> noSeats = web.post(coordinator, rooms, form("name", "Salle Mandela", "capacity", "beaucoup"));
      assertThat(noSeats.statusCode()).isEqualTo(422);
      assertThat(noSeats.bodyAsString()).contains("id=\"capacity-error\"")
          .contains("Indiquez un nombre de places entre 1 et 1000.").contains("value=\"Salle Mandela\"")
          .contains("aria-invalid=\"true\" aria-describedby=\"capacity-error\"");

      HttpResponse<Buffer> created = web.post(coordinator, rooms, form("name", "Salle Mandela", "capacity", "12"));
      assertThat(created.statusCode()).isEqualTo(303);
      Site room = harness.hub.centres().sites(centre.id()).await().get(0);
      assertThat(created.getHeader("Location")).isEqualTo(rooms + "/" + room.id() + "?notice=centres_room_created");

      HttpResponse<Buffer> twice = web.post(coordinator, rooms, form("name", "Salle Mandela", "capacity", "8"));
      assertThat(twice.statusCode()).isEqualTo(409);
      assertThat(twice.bodyAsString()).contains("id=\"name-error\"")
          .contains("Ce centre a déjà une salle qui porte ce nom.");

      HttpResponse<Buffer> stale = web.post(coordinator, rooms + "/" + room.id(),
          form("name", "Salle Nelson Mandela", "capacity", "12", "version", "0"));
      assertThat(stale.statusCode()).isEqualTo(409);
      assertThat(stale.bodyAsString()).contains("Quelqu’un d’autre a modifié cette fiche entre-temps")
          .contains("value=\"Salle Nelson Mandela\"");

      Session session = upcomingClass(harness, centre, "Cuisine du monde", Duration.ofDays(2));
      String book = rooms + "/" + room.id() + "/bookings";
      HttpResponse<Buffer> crowd = web.post(coordinator, book,
          form("sessionId", session.id().toString(), "expectedHeadCount", "40"));
      assertThat(crowd.statusCode()).isEqualTo(422);
      assertThat(crowd.bodyAsString()).contains("id=\"expectedHeadCount-error\"")
          .contains("entre 1 et 12, le nombre de places de la salle").contains("value=\"40\"")
          .containsPattern("<option value=\"" + session.id() + "\" selected>Cuisine du monde");
      HttpResponse<Buffer> noClass = web.post(coordinator, book, form("sessionId", "", "expectedHeadCount", "5"));
      assertThat(noClass.statusCode()).isEqualTo(422);
      assertThat(noClass.bodyAsString()).contains("id=\"sessionId-error\"")
          .contains("Choisissez le cours à réserver dans la liste.");

      HttpResponse<Buffer> booked = web.post(coordinator, book,
          form("sessionId", session.id().toString(), "expectedHeadCount", "10"));
      assertThat(booked.statusCode()).isEqualTo(303);
      HttpResponse<Buffer> again = web.post(coordinator, book,
          form("sessionId", session.id().toString(), "expectedHeadCount", "10"));
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.bodyAsString()).contains("id=\"sessionId-error\"").contains("La salle est déjà réservée");

      HttpResponse<Buffer> page = web.get(coordinator, rooms + "/" + room.id());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.bodyAsString()).contains("Cuisine du monde").contains("Pas de relais inscrit");
      assertThat(page.body().length()).as("page weight").isLessThan(100_000);
    }
  }

  /** One POST endpoint of the pages: where, with what, and what a member allowed to do it gets. */
  private record Action(String name, Supplier<String> path, Supplier<MultiMap> form, int done, boolean adminOnly) {}

  @ParameterizedTest
  @MethodSource("databases")
  void eachActionIsRefusedToEveryRoleNotAllowedAndChangesNothing(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Centre social du Faubourg");
      Centre other = harness.centre("Maison de quartier des Tilleuls");
      Site room = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle Mandela", 20,
          null, 1)).await();
      StaffWeb web = new StaffWeb(harness);
      StaffPrincipal adminPrincipal = principal(harness.staff(Role.ADMIN, Set.of()).id(), Role.ADMIN);
      Map<String, StaffWeb.Session> allowed = Map.of(
          "admin", web.signIn(harness.staff(Role.ADMIN, Set.of())),
          "coordinator of the centre", web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id()))));
      StaffWeb.Session coordinator = allowed.get("coordinator of the centre");
      Map<String, StaffWeb.Session> refused = Map.of(
          "coordinator of another centre", web.signIn(harness.staff(Role.COORDINATOR, Set.of(other.id()))),
          "instructor", web.signIn(harness.staff(Role.INSTRUCTOR, Set.of(centre.id()))),
          "animator of the centre", web.signIn(harness.staff(Role.ANIMATOR, Set.of(centre.id()))));
      Deque<Session> classes = new ArrayDeque<>();
      for (int day = 1; day <= 12; day++) {
        classes.add(upcomingClass(harness, centre, "Atelier " + day, Duration.ofDays(day)));
      }
      AtomicInteger names = new AtomicInteger();
      String roomPath = "/staff/centres/" + centre.id() + "/rooms/" + room.id();

      List<Action> actions = List.of(
          new Action("create a centre", () -> "/staff/centres",
              () -> form("name", "Centre " + names.incrementAndGet(), "kind", "LIBRARY"), 303, true),
          new Action("edit the centre", () -> "/staff/centres/" + centre.id(), () -> form("name",
              "Faubourg " + names.incrementAndGet(), "kind", "SOCIAL_CENTRE", "version",
              String.valueOf(harness.hub.centres().get(centre.id()).await().version())), 303, false),
          new Action("add a room", () -> "/staff/centres/" + centre.id() + "/rooms",
              () -> form("name", "Salle " + names.incrementAndGet(), "capacity", "10"), 303, false),
          new Action("edit the room", () -> roomPath, () -> form("name", "Mandela " + names.incrementAndGet(),
              "capacity", "20", "version", String.valueOf(harness.hub.centres().site(room.id()).await().version())),
              303, false),
          new Action("book a class", () -> roomPath + "/bookings",
              () -> form("sessionId", classes.poll().id().toString(), "expectedHeadCount", "8"), 303, false),
          new Action("cancel a booking", () -> roomPath + "/bookings/" + harness.hub.bookings()
              .book(adminPrincipal, classes.poll().id(), room.id(), 5).await().booking().id() + "/cancel",
              MultiMap::caseInsensitiveMultiMap, 303, false),
          new Action("get an enrolment code", () -> roomPath + "/enrolment", MultiMap::caseInsensitiveMultiMap, 200,
              false),
          new Action("revoke the relay", () -> {
            harness.hub.siteCredentials().issueEnrolment(adminPrincipal, room.id()).await();
            return roomPath + "/revoke";
          }, MultiMap::caseInsensitiveMultiMap, 303, false));

      for (Action action : actions) {
        for (Map.Entry<String, StaffWeb.Session> role : refused.entrySet()) {
          assertRefused(harness, web, room, adminPrincipal, action, "the " + role.getKey(), role.getValue(), true);
        }
        if (action.adminOnly()) {
          assertRefused(harness, web, room, adminPrincipal, action, "a coordinator", coordinator, true);
        }
        assertRefused(harness, web, room, adminPrincipal, action, "a form without the token", coordinator, false);
        for (Map.Entry<String, StaffWeb.Session> role : allowed.entrySet()) {
          if (action.adminOnly() && role.getValue() == coordinator) {
            continue;
          }
          String path = action.path().get();
          MultiMap form = action.form().get();
          String before = snapshot(harness, room, adminPrincipal);
          HttpResponse<Buffer> answer = web.post(role.getValue(), path, form);
          assertThat(answer.statusCode()).as(action.name() + " by the " + role.getKey()).isEqualTo(action.done());
          assertThat(snapshot(harness, room, adminPrincipal)).as(action.name() + " by the " + role.getKey() + " changed")
              .isNotEqualTo(before);
          harness.clock.advance(Duration.ofSeconds(1));
        }
      }

      assertThat(web.get(refused.get("instructor"), "/staff/centres").statusCode()).isEqualTo(403);
      assertThat(web.get(refused.get("coordinator of another centre"), roomPath).statusCode()).isEqualTo(403);
      assertThat(web.get(refused.get("animator of the centre"), "/staff/centres/" + centre.id()).statusCode())
          .isEqualTo(403);
      HttpResponse<Buffer> theirs = web.get(refused.get("coordinator of another centre"), "/staff/centres");
      assertThat(theirs.bodyAsString()).contains("Maison de quartier des Tilleuls")
          .doesNotContain("Faubourg");
    }
  }

  /** Makes the action's path and form first (a booking to cancel, a code to revoke), then reads the state. */
  private static void assertRefused(HubHarness harness, StaffWeb web, Site room, StaffPrincipal admin, Action action,
      String who, StaffWeb.Session session, boolean withToken) {
    String path = action.path().get();
    MultiMap form = action.form().get();
    String before = snapshot(harness, room, admin);
    HttpResponse<Buffer> answer = withToken ? web.post(session, path, form) : web.postWithToken(session, path, form);
    assertThat(answer.statusCode()).as(action.name() + " by " + who).isEqualTo(403);
    assertThat(snapshot(harness, room, admin)).as(action.name() + " by " + who + " changed nothing").isEqualTo(before);
  }

  /** What any of the actions would change: centres, the room's centre's rooms, its bookings, its relay's codes. */
  private static String snapshot(HubHarness harness, Site room, StaffPrincipal admin) {
    StringBuilder state = new StringBuilder();
    harness.hub.centres().list(100, null).await().items().forEach(c -> state.append(c.toJson().encode()));
    harness.hub.centres().sites(room.centreId()).await().forEach(s -> state.append(s.toJson().encode()));
    harness.hub.bookings().ofSite(room).await().forEach(b -> state.append(b.booking().id()));
    state.append(harness.hub.siteCredentials().standing(admin, room).await());
    return state.toString();
  }

  private static StaffPrincipal principal(UUID id, Role role) {
    return new StaffPrincipal(id, role, Set.of());
  }

  private static Session upcomingClass(HubHarness harness, Centre centre, String title, Duration in) {
    Instant start = harness.clock.instant().plus(in);
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.COOKING, null, "fr", null,
        centre.id(), start, start.plus(Duration.ofHours(1)), null, 20, VideoMode.DIRECT, null)).await();
  }

  private static MultiMap form(String... pairs) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      form.add(pairs[i], pairs[i + 1]);
    }
    return form;
  }
}
