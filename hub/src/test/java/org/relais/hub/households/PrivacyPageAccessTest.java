package org.relais.hub.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * Who reads the privacy page: an admin the whole log, a coordinator the entries of their own centres only (not
 * another centre's, not those of no centre), instructors and animators nothing. Each reading is logged, a refusal
 * is not. A long log comes in pages of 50 that neither skip nor repeat an entry, even written in the same instant.
 */
class PrivacyPageAccessTest {
  private static final Pattern SUBJECT = Pattern.compile("Foyer (ref-[a-z0-9-]+)");
  private static final Pattern OLDER = Pattern.compile("id=\"privacy-older\" href=\"([^\"]+)\"");

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private record Member(String who, StaffMember member, int status, Set<String> sees) {}

  @ParameterizedTest
  @MethodSource("databases")
  void eachRoleReadsOnlyTheEntriesItMay(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre a = harness.centre("Centre A");
      Centre b = harness.centre("Centre B");
      StaffMember writer = harness.staff(Role.COORDINATOR, Set.of(a.id(), b.id()));
      PrivacyLog log = harness.hub.households().log();
      log.staff(writer.id(), PrivacyLog.Action.HOUSEHOLD_VIEWED, a.id(), "household=ref-a", null).await();
      log.staff(writer.id(), PrivacyLog.Action.DATA_DOWNLOADED, b.id(), "household=ref-b", null).await();
      log.family(PrivacyLog.Action.DATA_ERASED, "household=ref-none", null).await();
      List<Member> table = List.of(
          new Member("admin", harness.staff(Role.ADMIN, Set.of()), 200, Set.of("ref-a", "ref-b", "ref-none")),
          new Member("coordinator of A", harness.staff(Role.COORDINATOR, Set.of(a.id())), 200, Set.of("ref-a")),
          new Member("coordinator of B", harness.staff(Role.COORDINATOR, Set.of(b.id())), 200, Set.of("ref-b")),
          new Member("instructor", harness.staff(Role.INSTRUCTOR, Set.of(a.id(), b.id())), 403, Set.of()),
          new Member("animator of A", harness.staff(Role.ANIMATOR, Set.of(a.id())), 403, Set.of()));
      StaffWeb web = new StaffWeb(harness);
      List<String> outcomes = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (Member row : table) {
        StaffWeb.Session browser = web.signIn(row.member());
        HttpResponse<Buffer> page = web.get(browser, "/staff/privacy");
        Set<String> seen = new HashSet<>();
        Matcher subject = SUBJECT.matcher(page.bodyAsString());
        while (subject.find()) {
          seen.add(subject.group(1));
        }
        // The page, or the refusal, in the layout whose menu is the member's.
        boolean inMenu = page.bodyAsString().contains("href=\"/staff/privacy\"");
        outcomes.add(row.who() + " " + page.statusCode() + " sees " + new TreeSet<>(seen) + " menu="
            + inMenu);
        expected.add(row.who() + " " + row.status() + " sees " + new TreeSet<>(row.sees()) + " menu="
            + (row.status() == 200));
      }
      assertThat(outcomes).containsExactlyElementsOf(expected);

      List<PrivacyLog.Entry> entries = log.latest(100).await();
      assertThat(entries.stream().filter(e -> e.action() == PrivacyLog.Action.PRIVACY_LOG_VIEWED)
          .map(PrivacyLog.Entry::staffId).toList())
          .containsExactlyInAnyOrder(table.get(0).member().id(), table.get(1).member().id(),
              table.get(2).member().id());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aLongLogComesInPagesThatNeitherSkipNorRepeat(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre a = harness.centre("Centre A");
      StaffMember writer = harness.staff(Role.COORDINATOR, Set.of(a.id()));
      PrivacyLog log = harness.hub.households().log();
      // The test clock stands still: every entry has the same instant, only the order of their ids tells them apart.
      for (int i = 0; i < 120; i++) {
        log.staff(writer.id(), PrivacyLog.Action.HOUSEHOLD_VIEWED, a.id(), "household=ref-" + i, null).await();
      }
      StaffWeb web = new StaffWeb(harness);
      StaffWeb.Session admin = web.signIn(harness.staff(Role.ADMIN, Set.of()));
      List<String> seen = new ArrayList<>();
      List<Integer> perPage = new ArrayList<>();
      String next = "/staff/privacy?action=HOUSEHOLD_VIEWED";
      while (next != null) {
        HttpResponse<Buffer> page = web.get(admin, next);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.bodyAsString();
        Matcher subject = SUBJECT.matcher(body);
        int count = 0;
        while (subject.find()) {
          seen.add(subject.group(1));
          count++;
        }
        perPage.add(count);
        Matcher older = OLDER.matcher(body);
        next = older.find() ? older.group(1).replace("&amp;", "&") : null;
      }
      assertThat(perPage).containsExactly(50, 50, 20);
      assertThat(seen).hasSize(120).doesNotHaveDuplicates();
      // The filter kept the page's own entries out.
      assertThat(seen).allMatch(ref -> ref.matches("ref-[0-9]+"));
    }
  }
}
