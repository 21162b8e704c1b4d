package org.relais.hub.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

/**
 * The class pages' writes over HTTP as a browser sends them: who may make each change, what a refusal
 * leaves (nothing changed), and what a form refused says next to its field.
 */
class ClassPagesTest {
  /** Tuesday 1 December 2026, 18:00 in Paris: a week after the harness's clock. */
  private static final Instant FIRST = Instant.parse("2026-12-01T17:00:00Z");

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  /** One of the pages' writes, on a class the test made; answers the response. */
  private record Action(String name, Function<Session, String> path, MultiMap form) {}

  private static final List<Action> ACTIONS = List.of(
      new Action("create", session -> "/staff/classes", null),
      new Action("update", session -> "/staff/classes/" + session.id(), null),
      new Action("cancel one date", session -> "/staff/classes/" + session.id() + "/sittings/2026-12-08/cancel",
          MultiMap.caseInsensitiveMultiMap()),
      new Action("move one date", session -> "/staff/classes/" + session.id() + "/sittings/2026-12-15/move",
          MultiMap.caseInsensitiveMultiMap().add("date", "2026-12-17").add("startTime", "10:00")
              .add("endTime", "11:00")),
      new Action("cancel the series", session -> "/staff/classes/" + session.id() + "/cancel",
          MultiMap.caseInsensitiveMultiMap()));

  @ParameterizedTest
  @MethodSource("databases")
  void eachWriteIsForAnAdminOrTheCentresCoordinatorAndChangesNothingForOthers(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      Centre other = harness.centre("La Passerelle");
      StaffMember teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
      StaffMember admin = harness.staff(Role.ADMIN, Set.of());
      StaffWeb web = new StaffWeb(harness);
      record Caller(String who, StaffMember member, boolean withToken, int status) {}
      List<Caller> callers = List.of(
          new Caller("admin", admin, true, 303),
          new Caller("coordinator of the centre", harness.staff(Role.COORDINATOR, Set.of(centre.id())), true, 303),
          new Caller("coordinator of another centre", harness.staff(Role.COORDINATOR, Set.of(other.id())), true,
              403),
          new Caller("instructor of the centre", teacher, true, 403),
          new Caller("animator of the centre", harness.staff(Role.ANIMATOR, Set.of(centre.id())), true, 403),
          new Caller("coordinator without the form's token", harness.staff(Role.COORDINATOR, Set.of(centre.id())),
              false, 403));

      for (Caller caller : callers) {
        StaffWeb.Session signedIn = web.signIn(caller.member());
        for (Action action : ACTIONS) {
          Session before = weekly(harness, centre, null, caller.who() + " " + action.name());
          int classes = harness.hub.schedule().runBy(admin.principal(), HubHarness.START, 1000).await().size();
          MultiMap form = action.form() != null ? action.form() : classForm(centre, null,
              caller.who() + " " + action.name() + " (changed)", before.version());
          HttpResponse<Buffer> response = caller.withToken()
              ? web.post(signedIn, action.path().apply(before), form)
              : web.postWithToken(signedIn, action.path().apply(before), form);

          String what = caller.who() + ": " + action.name();
          assertThat(response.statusCode()).as(what).isEqualTo(caller.status());
          if (caller.status() == 403) {
            Session after = harness.hub.schedule().get(before.id()).await();
            assertThat(after).as(what + " changed nothing").isEqualTo(before);
            assertThat(states(harness, after)).as(what + " changed no sitting")
                .containsOnly(SittingState.SCHEDULED);
            assertThat(harness.hub.schedule().runBy(admin.principal(), HubHarness.START, 1000).await())
                .as(what + " created no class").hasSize(classes);
            assertThat(response.bodyAsString()).contains("<h1>");
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aFormRefusedSaysWhyNextToTheFieldAndKeepsWhatWasTyped(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffMember teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
      StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session signedIn = web.signIn(coordinator);
      weekly(harness, centre, teacher, "Gym douce");

      HttpResponse<Buffer> clash = web.post(signedIn, "/staff/classes",
          classForm(centre, teacher, "Cuisine du monde", -1));
      assertThat(clash.statusCode()).isEqualTo(409);
      assertThat(clash.bodyAsString()).contains("id=\"instructorId-error\"")
          .contains("Cette personne anime déjà « Gym douce » à ce moment-là")
          .contains("value=\"Cuisine du monde\"");

      MultiMap late = classForm(centre, teacher, "Couture", -1);
      late.set("endTime", "17:00");
      HttpResponse<Buffer> backwards = web.post(signedIn, "/staff/classes", late);
      assertThat(backwards.statusCode()).isEqualTo(422);
      assertThat(backwards.bodyAsString()).contains("id=\"endTime-error\"")
          .contains("L’heure de fin doit venir après l’heure de début");

      // The new form's defaults go together: the built-in room with the places it has for families.
      assertThat(web.get(signedIn, "/staff/classes/new").bodyAsString())
          .containsPattern("id=\"homeCapacity\"[^>]*value=\"29\"|value=\"29\"[^>]*id=\"homeCapacity\"");
      // Sent as it came: every field missing is said at once, not one per try.
      MultiMap blank = classForm(centre, null, "", -1);
      blank.set("date", "").set("startTime", "").set("endTime", "").set("repeat", "once");
      HttpResponse<Buffer> empty = web.post(signedIn, "/staff/classes", blank);
      assertThat(empty.statusCode()).isEqualTo(422);
      assertThat(empty.bodyAsString()).contains("id=\"title-error\"", "id=\"date-error\"",
          "id=\"startTime-error\"", "id=\"endTime-error\"");
      MultiMap untitledBackwards = classForm(centre, null, "", -1);
      untitledBackwards.set("endTime", "17:00");
      assertThat(web.post(signedIn, "/staff/classes", untitledBackwards).bodyAsString())
          .contains("id=\"title-error\"", "L’heure de fin doit venir après l’heure de début");
      assertThat(harness.hub.database().pool().query("SELECT COUNT(*) AS n FROM sessions").execute().await()
          .iterator().next().getLong("n")).as("only the weekly class made first").isEqualTo(1);

      MultiMap crowded = classForm(centre, null, "Couture", -1);
      crowded.set("homeCapacity", "40");
      HttpResponse<Buffer> seats = web.post(signedIn, "/staff/classes", crowded);
      assertThat(seats.statusCode()).isEqualTo(422);
      assertThat(seats.bodyAsString()).contains("id=\"homeCapacity-error\"").contains("au plus 29 familles");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSecondEditorIsToldWhoChangedTheClassMeanwhile(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffMember teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
      StaffMember first = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      StaffMember second = harness.staff(Role.ADMIN, Set.of());
      StaffWeb web = new StaffWeb(harness);
      Session session = weekly(harness, centre, teacher, "Gym douce");

      HttpResponse<Buffer> saved = web.post(web.signIn(first), "/staff/classes/" + session.id(),
          classForm(centre, teacher, "Gym douce du mardi", session.version()));
      assertThat(saved.statusCode()).isEqualTo(303);
      assertThat(harness.hub.schedule().get(session.id()).await().updatedBy()).isEqualTo(first.id());

      HttpResponse<Buffer> late = web.post(web.signIn(second), "/staff/classes/" + session.id(),
          classForm(centre, teacher, "Gym pour tous", session.version()));
      assertThat(late.statusCode()).isEqualTo(409);
      assertThat(late.bodyAsString()).contains("Modifié entre-temps par " + first.displayName())
          .contains("value=\"Gym pour tous\"").contains("href=\"/staff/classes/" + session.id() + "\"");
      assertThat(harness.hub.schedule().get(session.id()).await().draft().title()).isEqualTo("Gym douce du mardi");
    }
  }

  /** A class on Tuesdays at 18:00 from {@link #FIRST}, four sittings; {@code teacher} may be null. */
  static Session weekly(HubHarness harness, Centre centre, StaffMember teacher, String title) {
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.SPORT, null, "fr",
        teacher == null ? null : teacher.id(),
        centre.id(), FIRST, FIRST.plus(Duration.ofHours(1)), new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 4),
        12, VideoMode.DIRECT, null)).await();
  }

  /** The class form as the page sends it: weekly on Tuesdays from {@link #FIRST}, four sittings. */
  static MultiMap classForm(Centre centre, StaffMember teacher, String title, long version) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("title", title).add("category", "SPORT")
        .add("language", "fr").add("description", "").add("instructorId", teacher == null ? "" : teacher.id().toString())
        .add("centreId", centre.id().toString()).add("date", "2026-12-01").add("startTime", "18:00")
        .add("endTime", "19:00").add("repeat", "weekly").add("weekdays", "TUESDAY").add("ends", "count")
        .add("count", "4").add("until", "").add("homeCapacity", "12").add("videoMode", "DIRECT")
        .add("accessibility", "");
    if (version >= 0) {
      form.add("version", Long.toString(version));
    }
    return form;
  }

  private static List<SittingState> states(HubHarness harness, Session session) {
    return harness.hub.sittings().of(session).await().stream().map(SessionSitting::state).toList();
  }
}
