package org.relais.hub.calendars;

import biweekly.Biweekly;
import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.io.TimezoneAssignment;
import biweekly.property.Status;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.CalendarFiles;
import org.relais.hub.schedule.Interval;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.schedule.SittingStore;
import org.relais.hub.storage.AsyncCaches;
import org.relais.hub.storage.Columns;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;

/**
 * The iCalendar feeds people subscribe to: every sitting from a month ago to six months ahead, one event
 * each, whose UID names the session and the date the series gives it (so a moved sitting is the same event,
 * at its new time, with a higher SEQUENCE), cancelled ones kept as STATUS:CANCELLED. Calendar apps poll a
 * feed every few minutes: a feed is built once per change of the schedule, not per request. Its version is
 * read from the data's last change (one small query of four aggregates, every request: remembered on a
 * node, it would lag behind a change made there); the body built for a version is kept with its ETag, so an
 * unchanged feed answers 304 without being built again.
 */
public final class CalendarFeeds {
  static final int PAST_DAYS = 30;
  static final int FUTURE_DAYS = 180;
  /**
   * How long a built feed is kept. A node can build a feed from its caches moments before they hear of a
   * change another node made: kept for a while only, such a feed is built again and gets its new ETag.
   */
  private static final Duration BODY_TTL = Duration.ofMinutes(5);
  private static final DateTimeFormatter UID_DATE = DateTimeFormatter.BASIC_ISO_DATE;

  /** A feed as served: its body and its ETag (quoted). */
  public record Built(String etag, Buffer body) {}

  /** The data's last change as one key, and its time (the events' DTSTAMP, so that the body stays the same). */
  private record Version(String key, Instant lastChange) {}

  private record Key(Feed feed, LocalDate today, String version) {}

  private final Pool pool;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final CentreService centres;
  private final PublicAddress address;
  private final Clock clock;
  private final ZoneId zone;
  private final TimezoneAssignment timezone;
  private final AsyncCache<Key, Built> built = Caffeine.newBuilder().expireAfterWrite(BODY_TTL).maximumSize(500)
      .buildAsync();

  public CalendarFeeds(Pool pool, ScheduleService schedule, SittingService sittings, CentreService centres,
      PublicAddress address, Clock clock) {
    this.pool = pool;
    this.schedule = schedule;
    this.sittings = sittings;
    this.centres = centres;
    this.address = address;
    this.clock = clock;
    this.zone = schedule.zone();
    this.timezone = new TimezoneAssignment(TimeZone.getTimeZone(zone), CalendarFiles.vtimezone(zone));
  }

  /** The feed now: built again only when the schedule, its sittings or its centres changed, or a day passed. */
  public Future<Built> feed(Feed feed) {
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    return readVersion().compose(current ->
        AsyncCaches.get(built, new Key(feed, today, current.key()), () -> build(feed, today, current.lastChange())));
  }

  /**
   * Any change of a session (moves included), of a sitting's state or of a centre shows in these figures:
   * every change adds one to a version, a deleted session lowers the count, and the times say when.
   */
  private Future<Version> readVersion() {
    return pool.query("SELECT (SELECT COUNT(*) FROM sessions) AS sessions,"
            + " (SELECT SUM(version) FROM sessions) AS sessions_v, (SELECT MAX(updated_at) FROM sessions) AS sessions_at,"
            + " (SELECT SUM(version) FROM sittings) AS sittings_v, (SELECT MAX(updated_at) FROM sittings) AS sittings_at,"
            + " (SELECT SUM(version) FROM centres) AS centres_v, (SELECT MAX(updated_at) FROM centres) AS centres_at")
        .execute()
        .map(rows -> {
          Row row = rows.iterator().next();
          Instant sessionsAt = Columns.instant(row, "sessions_at");
          Instant sittingsAt = Columns.instant(row, "sittings_at");
          Instant centresAt = Columns.instant(row, "centres_at");
          Instant last = List.of(orEpoch(sessionsAt), orEpoch(sittingsAt), orEpoch(centresAt)).stream()
              .max(Instant::compareTo).orElseThrow();
          String key = String.join("/", String.valueOf(row.getValue("sessions")),
              String.valueOf(row.getValue("sessions_v")), String.valueOf(sessionsAt),
              String.valueOf(row.getValue("sittings_v")), String.valueOf(sittingsAt),
              String.valueOf(row.getValue("centres_v")), String.valueOf(centresAt));
          return new Version(key, last);
        });
  }

  private static Instant orEpoch(Instant at) {
    return at == null ? Instant.EPOCH : at;
  }

  private Future<Built> build(Feed feed, LocalDate today, Instant lastChange) {
    LocalDate first = today.minusDays(PAST_DAYS);
    LocalDate last = today.plusDays(FUTURE_DAYS);
    Future<List<Occurrence>> occurrences = schedule.occurrences(first.atStartOfDay(zone).toInstant(),
        last.plusDays(1).atStartOfDay(zone).toInstant(), feed.filter());
    Future<Map<UUID, Map<LocalDate, SittingStore.Stored>>> stored = sittings.stored(first, last);
    return Future.all(occurrences, stored).compose(done -> centresOf(occurrences.result()).map(byId ->
        write(feed, occurrences.result(), stored.result(), byId, lastChange)));
  }

  private Future<Map<UUID, Centre>> centresOf(List<Occurrence> occurrences) {
    List<Future<Centre>> all = occurrences.stream().map(o -> o.session().draft().centreId()).distinct()
        .map(centres::get).toList();
    return Future.all(all).map(done -> all.stream().map(Future::result)
        .collect(Collectors.toMap(Centre::id, Function.identity())));
  }

  private Built write(Feed feed, List<Occurrence> occurrences, Map<UUID, Map<LocalDate, SittingStore.Stored>> stored,
      Map<UUID, Centre> centresById, Instant lastChange) {
    ICalendar ical = new ICalendar();
    ical.setProductId("-//Relais//Relais hub//FR");
    ical.getTimezoneInfo().setDefaultTimezone(timezone);
    ical.setUrl(address.link(feed.path()));
    // Calendar apps that read it poll no more than hourly; most poll on their own schedule anyway.
    ical.setRefreshInterval(new biweekly.util.Duration.Builder().hours(1).build());
    for (Occurrence o : occurrences) {
      ical.addEvent(event(o, stored.getOrDefault(o.session().id(), Map.of()), centresById, lastChange));
    }
    String text = Biweekly.write(ical).version(ICalVersion.V2_0).go();
    return new Built(etag(text), Buffer.buffer(text));
  }

  private VEvent event(Occurrence o, Map<LocalDate, SittingStore.Stored> stored, Map<UUID, Centre> centresById,
      Instant lastChange) {
    Session session = o.session();
    SittingStore.Stored state = stored.getOrDefault(Occurrences.dateOf(o.start(), zone), SittingStore.Stored.SCHEDULED);
    VEvent event = new VEvent();
    event.setUid(session.id() + "-" + UID_DATE.format(seriesDate(o)) + "@relais");
    event.setDateTimeStamp(Date.from(lastChange));
    event.setSummary(session.draft().title());
    if (session.draft().description() != null) {
      event.setDescription(session.draft().description());
    }
    Centre centre = centresById.get(session.draft().centreId());
    event.setLocation(centre.name() + ", " + centre.address() + ", " + centre.postcode() + " " + centre.city());
    event.setUrl(address.link("/sessions/" + session.id() + "?at=" + o.start()));
    event.setDateStart(Date.from(o.start()));
    event.setDateEnd(Date.from(o.end()));
    // Both versions only grow: an edit or a move of the session, or a change of this sitting's state.
    event.setSequence((int) Math.max(0, session.version() - 1 + state.version()));
    boolean cancelled = session.status() == SessionStatus.CANCELLED || state.state() == SittingState.CANCELLED;
    event.setStatus(cancelled ? Status.cancelled() : Status.confirmed());
    event.addCategories(session.draft().category().name());
    return event;
  }

  /** The date the series gives a sitting, which stays its name when it is moved to another day. */
  private LocalDate seriesDate(Occurrence o) {
    Interval at = o.interval();
    return o.session().moves().entrySet().stream().filter(move -> move.getValue().equals(at))
        .map(Map.Entry::getKey).findFirst().orElseGet(() -> Occurrences.dateOf(o.start(), zone));
  }

  private static String etag(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
