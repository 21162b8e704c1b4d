package org.relais.hub.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.registrations.Registration;
import org.relais.hub.schedule.Session;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * Every household route tried by every role against a household of each of two centres: a coordinator of
 * centre A never sees, exports, marks, invites or erases centre B's households; instructors and animators see none.
 * Every view is in the privacy log.
 */
class HouseholdAccessTest {
  private static final StaffPrincipal AUDIT = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  /** One row of the table: which centres' households the member may see (none: the pages are refused). */
  private record Member(String who, StaffMember member, boolean seesA, boolean seesB) {
    boolean refused() {
      return !seesA && !seesB;
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCoordinatorOfCentreANeverSeesCentreBsHouseholds(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      HouseholdScene scene = new HouseholdScene(harness);
      Centre a = harness.centre("Centre A");
      Centre b = harness.centre("Centre B");
      Session atA = scene.weeklyClass(a, "Cuisine à A");
      Session atB = scene.weeklyClass(b, "Cuisine à B");
      Registration familyA = scene.register(atA, "Famille Alpha", "06 11 11 11 11", true).registration();
      Registration familyB = scene.register(atB, "Famille Beta", "06 22 22 22 22", true).registration();
      scene.cameTo(atA, familyA.id(), 3);
      scene.cameTo(atB, familyB.id(), 3);
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      String refA = Household.ref("tel:+33611111111");
      String refB = Household.ref("tel:+33622222222");
      List<Member> table = List.of(
          new Member("admin", harness.staff(Role.ADMIN, Set.of()), true, true),
          new Member("coordinator of A", harness.staff(Role.COORDINATOR, Set.of(a.id())), true, false),
          new Member("coordinator of B", harness.staff(Role.COORDINATOR, Set.of(b.id())), false, true),
          new Member("instructor", harness.staff(Role.INSTRUCTOR, Set.of(a.id(), b.id())), false, false),
          new Member("animator of A", harness.staff(Role.ANIMATOR, Set.of(a.id())), false, false));
      StaffWeb web = new StaffWeb(harness);
      List<String> outcomes = new ArrayList<>();
      List<String> expected = new ArrayList<>();

      for (Member row : table) {
        StaffWeb.Session browser = web.signIn(row.member());
        for (String path : List.of("/staff/households?weeks=4", "/staff/households/calls?weeks=4")) {
          HttpResponse<Buffer> page = web.get(browser, path);
          outcomes.add(row.who() + " GET " + path + " " + page.statusCode() + " A=" + page.bodyAsString()
              .contains("Famille Alpha") + " B=" + page.bodyAsString().contains("Famille Beta"));
          expected.add(row.who() + " GET " + path + " " + (row.refused() ? 403 : 200) + " A=" + row.seesA()
              + " B=" + row.seesB());
        }
        for (String ref : List.of(refA, refB)) {
          boolean sees = ref.equals(refA) ? row.seesA() : row.seesB();
          String which = ref.equals(refA) ? "A" : "B";
          int allowed = row.refused() ? 403 : sees ? 200 : 404;
          for (String suffix : List.of("", "/data.json", "/erase")) {
            HttpResponse<Buffer> page = web.get(browser, "/staff/households/" + ref + suffix);
            String body = page.bodyAsString();
            outcomes.add(row.who() + " GET " + which + suffix + " " + page.statusCode() + " leaks="
                + (page.statusCode() != 200 && (body.contains("Famille") || body.contains("+336"))));
            expected.add(row.who() + " GET " + which + suffix + " " + allowed + " leaks=false");
          }
          HttpResponse<Buffer> marked = web.post(browser, "/staff/households/" + ref + "/contacted",
              MultiMap.caseInsensitiveMultiMap());
          outcomes.add(row.who() + " POST " + which + "/contacted " + marked.statusCode());
          expected.add(row.who() + " POST " + which + "/contacted " + (allowed == 200 ? 303 : allowed));
          HttpResponse<Buffer> invited = web.post(browser, "/staff/households/" + ref + "/invite",
              MultiMap.caseInsensitiveMultiMap());
          outcomes.add(row.who() + " POST " + which + "/invite " + invited.statusCode());
          expected.add(row.who() + " POST " + which + "/invite " + (allowed == 200 ? 303 : allowed));
          if (allowed != 200) {
            HttpResponse<Buffer> erase = web.post(browser, "/staff/households/" + ref + "/erase",
                MultiMap.caseInsensitiveMultiMap());
            outcomes.add(row.who() + " POST " + which + "/erase " + erase.statusCode());
            expected.add(row.who() + " POST " + which + "/erase " + allowed);
          }
        }
      }
      assertThat(outcomes).containsExactlyElementsOf(expected);
      // The refused erasures changed nothing.
      assertThat(harness.hub.households().offRadar().list(AUDIT, 4, PrivacyLog.Action.OFF_RADAR_VIEWED).await())
          .hasSize(2);

      // Allowed, the coordinator of A erases A's household, and only it.
      StaffWeb.Session coordinatorA = web.signIn(table.get(1).member());
      assertThat(web.post(coordinatorA, "/staff/households/" + refA + "/erase", MultiMap.caseInsensitiveMultiMap())
          .statusCode()).isEqualTo(303);
      assertThat(harness.hub.households().offRadar().list(AUDIT, 4, PrivacyLog.Action.OFF_RADAR_VIEWED).await())
          .extracting(line -> line.household().ref()).containsExactly(refB);

      List<PrivacyLog.Entry> log = harness.hub.households().log().latest(500).await();
      assertThat(log).anySatisfy(entry -> {
        assertThat(entry.action()).isEqualTo(PrivacyLog.Action.OFF_RADAR_VIEWED);
        assertThat(entry.staffId()).isEqualTo(table.get(1).member().id());
      });
      assertThat(log).anySatisfy(entry -> {
        assertThat(entry.action()).isEqualTo(PrivacyLog.Action.DATA_ERASED);
        assertThat(entry.actor()).isEqualTo(PrivacyLog.Actor.STAFF);
        assertThat(entry.centreId()).isEqualTo(a.id());
      });
      assertThat(log).noneSatisfy(entry -> assertThat(String.valueOf(entry.subject()) + entry.detail())
          .contains("+336"));
    }
  }
}
