package org.relais.hub.demo;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.storage.Columns;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * A few past weeks of attendance for the demo, so that its reports have something to show: three autumn
 * classes that met weekly until last week, their families (some in two classes, some who came back), their
 * stays at home, the head counts and check-ins of the centre room that followed one of them, and help calls.
 * The past cannot be lived again through the live services, so it is written as they would have stored it.
 */
public final class DemoAttendance {
  private static final int WEEKS = 4;
  private static final String[] NAMES = {"Famille Diallo", "Famille Martin", "Famille Benali", "Famille Nguyen",
      "Famille Lefebvre", "Famille Haddad", "Famille Kowalski", "Famille Da Silva", "Famille Petit", "Famille Traoré"};

  private final Pool pool;
  private final CentreService centres;
  private final ScheduleService schedule;
  private final Clock clock;
  // Fixed, so that every demo shows the same figures.
  private final Random random = new Random(12);

  public DemoAttendance(Pool pool, CentreService centres, ScheduleService schedule, Clock clock) {
    this.pool = pool;
    this.centres = centres;
    this.schedule = schedule;
    this.clock = clock;
  }

  public Future<Void> seed() {
    return centres.list(10, null).compose(page -> {
      List<Centre> all = page.items();
      Centre tisserands = all.get(0);
      Future<Void> chain = Future.succeededFuture();
      chain = chain.compose(v -> pastClass("Cuisine du monde : les soupes d’automne", Category.COOKING, tisserands,
          DayOfWeek.MONDAY, LocalTime.of(14, 0), 120, 0, true));
      if (all.size() > 2) {
        chain = chain.compose(v -> pastClass("Premiers pas sur tablette", Category.DIGITAL_SKILLS, all.get(1),
            DayOfWeek.FRIDAY, LocalTime.of(9, 30), 90, 4, false));
        chain = chain.compose(v -> pastClass("Gym douce : la rentrée", Category.SPORT, all.get(2), DayOfWeek.TUESDAY,
            LocalTime.of(10, 0), 60, 7, false));
      }
      return chain;
    });
  }

  /**
   * A class that met on {@code day} for the past {@link #WEEKS} weeks, with eight families from
   * {@code firstFamily} of the list of names (their phone numbers follow it, so that a family in two
   * classes is one household); its centre's first room followed it when {@code inRoom}.
   */
  private Future<Void> pastClass(String title, Category category, Centre centre, DayOfWeek day, LocalTime time,
      int minutes, int firstFamily, boolean inRoom) {
    ZoneId zone = schedule.zone();
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    LocalDate first = today.minusWeeks(WEEKS).with(TemporalAdjusters.nextOrSame(day));
    ZonedDateTime start = ZonedDateTime.of(first, time, zone);
    SessionDraft draft = new SessionDraft(title, category, "Atelier terminé.", "fr", null, centre.id(),
        start.toInstant(), start.plusMinutes(minutes).toInstant(), new Recurrence(Set.of(day), null, WEEKS), 8,
        VideoMode.JITSI, null);
    Future<UUID> site = inRoom ? centres.sites(centre.id()).map(sites -> sites.isEmpty() ? null : sites.get(0).id())
        : Future.succeededFuture(null);
    return Future.all(schedule.createTrusted(draft), site).compose(both -> {
      Session session = both.resultAt(0);
      List<UUID> families = new ArrayList<>();
      List<Tuple> registrations = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int family = (firstFamily + i) % NAMES.length;
        UUID id = UUID.randomUUID();
        families.add(id);
        Object at = Columns.instant(start.toInstant().minus(Duration.ofDays(3)));
        registrations.add(Tuple.from(Arrays.asList(id, session.id(), NAMES[family],
            String.format("+336120000%02d", family), 1 + family % 4, "CONFIRMED", UUID.randomUUID().toString(), at,
            at)));
      }
      List<Tuple> sittings = new ArrayList<>();
      List<Tuple> stays = new ArrayList<>();
      List<Tuple> events = new ArrayList<>();
      List<Tuple> calls = new ArrayList<>();
      for (int week = 0; week < WEEKS; week++) {
        LocalDate date = first.plusWeeks(week);
        Instant begin = ZonedDateTime.of(date, time, zone).toInstant();
        Instant end = begin.plus(Duration.ofMinutes(minutes));
        sittings.add(Tuple.of(session.id(), date, Columns.instant(begin), Columns.instant(end), Columns.instant(end)));
        for (UUID family : families) {
          // Most come, most of them stay: a few drop off as the weeks go by.
          if (random.nextInt(10) < 7 - week / 2) {
            int stayed = minutes / 4 + random.nextInt(minutes * 3 / 4 + 1);
            Instant joined = begin.plus(Duration.ofMinutes(random.nextInt(6)));
            stays.add(Tuple.from(Arrays.asList(UUID.randomUUID(), session.id(), date, family,
                Columns.instant(joined), Columns.instant(joined.plus(Duration.ofMinutes(stayed))))));
          }
        }
        if (both.resultAt(1) != null) {
          UUID room = both.resultAt(1);
          int heads = 5 + random.nextInt(8);
          events.add(event(room, session, date, "HEAD_COUNT", heads, null, begin.plus(Duration.ofMinutes(5))));
          events.add(event(room, session, date, "CHECK_IN", 2, NAMES[(week + 5) % NAMES.length],
              begin.plus(Duration.ofMinutes(12))));
          events.add(event(room, session, date, "HEAD_COUNT", -2, null, begin.plus(Duration.ofMinutes(70))));
        }
        for (int call = 0; call < 1 + week % 2; call++) {
          Instant asked = begin.plus(Duration.ofMinutes(10 + 20 * call));
          UUID family = families.get(random.nextInt(families.size()));
          calls.add(Tuple.from(Arrays.asList(UUID.randomUUID(), session.id(), centre.id(), family, NAMES[firstFamily],
              Session.newRoomName("aide"), Columns.instant(asked), Columns.instant(asked.plusSeconds(600)), date,
              Columns.instant(asked.plusSeconds(30 + random.nextInt(150))))));
        }
      }
      return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO registrations (id, session_id, display_name,"
              + " phone, household_size, consent, language, status, token_id, version, created_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, TRUE, 'fr', ?, ?, 1, ?, ?)").executeBatch(registrations)
          .compose(v -> tx.preparedQuery("INSERT INTO sittings (session_id, sitting_date, state, started_at, ended_at,"
              + " version, updated_at) VALUES (?, ?, 'ENDED', ?, ?, 2, ?)").executeBatch(sittings))
          .compose(v -> stays.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("INSERT INTO attendance (id,"
              + " session_id, sitting_date, subject_kind, subject_id, source, joined_at, left_at)"
              + " VALUES (?, ?, ?, 'REGISTRATION', ?, 'ROOM', ?, ?)").executeBatch(stays))
          .compose(v -> events.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("INSERT INTO site_events (id,"
              + " site_id, session_id, kind, delta, label, happened_at, received_at, sitting_date)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").executeBatch(events))
          .compose(v -> tx.preparedQuery("INSERT INTO help_calls (id, session_id, centre_id, registration_id,"
              + " display_name, status, room_name, version, created_at, updated_at, sitting_date, taken_at)"
              + " VALUES (?, ?, ?, ?, ?, 'DONE', ?, 3, ?, ?, ?, ?)").executeBatch(calls))
          .mapEmpty());
    });
  }

  private static Tuple event(UUID site, Session session, LocalDate date, String kind, int delta, String label,
      Instant at) {
    return Tuple.from(Arrays.asList(UUID.randomUUID(), site, session.id(), kind, delta, label, Columns.instant(at),
        Columns.instant(at), date));
  }
}
