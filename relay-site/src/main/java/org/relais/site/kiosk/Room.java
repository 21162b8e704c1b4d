package org.relais.site.kiosk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.relais.protocol.Addresses;
import org.relais.protocol.SittingState;
import org.relais.protocol.site.FamilyCall;
import org.relais.protocol.site.SiteEvent;
import org.relais.protocol.site.SiteSchedule;
import org.relais.protocol.site.Sitting;
import org.relais.site.broadcast.BroadcastRelay;
import org.relais.site.journal.Journal;
import org.relais.site.link.Enrolment;
import org.relais.site.link.HubLink;
import org.relais.site.schedule.ScheduleSnapshot;

/**
 * The centre's room: records what happens in it (journal first, then the room's state, then the hub
 * link is told), and describes it as the kiosk's board, which it publishes after every change.
 */
public final class Room {
  private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");

  private final Vertx vertx;
  private final Enrolment enrolment;
  private final Journal journal;
  private final RoomState state;
  private final ScheduleSnapshot schedule;
  private final Supplier<Optional<BroadcastRelay.Status>> broadcast;
  private final Clock clock;
  private volatile HubLink.Status link;
  private volatile List<FamilyCall> familyCalls = List.of();
  private volatile Runnable onRecorded = () -> { };

  public Room(Vertx vertx, Enrolment enrolment, Journal journal, ScheduleSnapshot schedule,
      Supplier<Optional<BroadcastRelay.Status>> broadcast, Clock clock) {
    this.vertx = vertx;
    this.broadcast = broadcast;
    this.enrolment = enrolment;
    this.journal = journal;
    this.schedule = schedule;
    this.clock = clock;
    this.link = new HubLink.Status(org.relais.site.link.LinkState.OFFLINE, clock.instant(), null,
        journal.pendingCount());
    this.state = new RoomState();
    journal.events().forEach(state::apply);
  }

  /** Journals the event; once it is on disk, the room and the board show it and the hub link sends it. */
  public Future<SiteEvent> record(SiteEvent event) {
    return journal.append(event).map(entry -> {
      state.apply(event);
      onRecorded.run();
      publish();
      return event;
    });
  }

  /** Who forwards what is recorded: the hub link, told after each event is on disk. */
  public void forwardWith(Runnable recorded) {
    this.onRecorded = recorded;
  }

  /** The hub sent the centre's open family calls, whole: the board lists them. */
  public void familyCallsChanged(List<FamilyCall> calls) {
    this.familyCalls = List.copyOf(calls);
    publish();
  }

  /** The link's state changed: the board says so. */
  public void linkChanged(HubLink.Status status) {
    this.link = status;
    publish();
  }

  public SiteEvent event(SiteEvent.Kind kind, UUID sessionId, int delta, String label, UUID ref) {
    return SiteEvent.of(kind, sessionId, clock.instant(), delta, label, ref);
  }

  public RoomState state() {
    return state;
  }

  /** The sitting on the room's screen now (live, or within its hours), if any. */
  public Optional<Sitting> onNow() {
    Instant now = clock.instant();
    return sittings().stream().filter(s -> s.isOn(now)).findFirst();
  }

  /**
   * The sitting a visitor's help request belongs to: the one on now, else the room's next one today, so that
   * a request made while people settle in before the start reaches the instructor's console.
   */
  public Optional<Sitting> forHelp() {
    Instant now = clock.instant();
    LocalDate today = now.atZone(zone()).toLocalDate();
    return onNow().or(() -> sittings().stream()
        .filter(s -> s.end().isAfter(now) && s.start().atZone(zone()).toLocalDate().equals(today)).findFirst());
  }

  public Optional<Sitting> sitting(UUID sessionId) {
    Instant now = clock.instant();
    return sittings().stream().filter(s -> s.sessionId().equals(sessionId))
        .min(Comparator.comparing(s -> s.end().isBefore(now) ? Long.MAX_VALUE : s.start().toEpochMilli()));
  }

  /** The room as its screen names it: the centre and the room. */
  public String placeName() {
    return enrolment.centreName() + " — " + enrolment.siteName();
  }

  public void publish() {
    vertx.eventBus().publish(Addresses.kioskBoard(), board());
  }

  /**
   * Everything the kiosk shows: today's sittings with their counts, the help queues (the room's visitors', the
   * centre's families'), the link's state.
   */
  public JsonObject board() {
    Instant now = clock.instant();
    ZoneId zone = zone();
    LocalDate today = now.atZone(zone).toLocalDate();
    List<Sitting> all = sittings();
    Optional<Sitting> live = onNow();
    JsonArray todays = new JsonArray();
    all.stream().filter(s -> s.start().atZone(zone).toLocalDate().equals(today) || live.equals(Optional.of(s)))
        .forEach(s -> todays.add(sittingJson(s, now, live)));
    JsonArray upcoming = new JsonArray();
    all.stream().filter(s -> s.start().atZone(zone).toLocalDate().isAfter(today)).limit(6)
        .forEach(s -> upcoming.add(sittingJson(s, now, live)));
    HubLink.Status status = link;
    return new JsonObject()
        .put("site", new JsonObject().put("name", enrolment.siteName()).put("centreName", enrolment.centreName()))
        .put("now", now.toString())
        .put("zone", zone.getId())
        .put("scheduleKnown", schedule.current().isPresent())
        .put("scheduleAt", schedule.current().map(s -> s.generatedAt().toString()).orElse(null))
        .put("link", new JsonObject().put("state", status.state().name()).put("since", status.since().toString())
            .put("lastOnline", status.lastOnline() == null ? null : status.lastOnline().toString())
            .put("pending", status.pending()))
        .put("liveSessionId", live.map(s -> s.sessionId().toString()).orElse(null))
        .put("today", todays)
        .put("upcoming", upcoming)
        .put("help", new JsonArray(state.openHelp().stream().map(h -> new JsonObject().put("id", h.id().toString())
            .put("seat", h.seat()).put("at", h.at().toString())).toList()))
        .put("familyCalls", new JsonArray(familyCalls.stream().map(FamilyCall::toJson).toList()));
  }

  private JsonObject sittingJson(Sitting s, Instant now, Optional<Sitting> live) {
    int present = state.headCount(s.sessionId());
    String screenName = enrolment.centreName() + " — " + present + (present == 1 ? " présent" : " présents");
    JsonObject json = s.toJson()
        .put("live", live.map(l -> l.equals(s)).orElse(false))
        .put("past", s.state() == SittingState.ENDED || s.end().isBefore(now))
        .put("headCount", present)
        .put("checkIns", checkInsOf(s))
        .put("screenUrl", s.screenUrl() == null ? null
            : s.screenUrl() + "?screenName=" + URLEncoder.encode(screenName, StandardCharsets.UTF_8))
        .put("qrUrl", "/kiosk/qr/" + s.sessionId() + ".svg");
    // The token is the hub's business. A broadcast plays on the room's screen from this relay, not the hub.
    json.remove("screenToken");
    if (s.isBroadcast()) {
      json.put("screenUrl", "/broadcast/" + s.sessionId()).put("broadcast", broadcast.get()
          .filter(b -> b.sessionId().equals(s.sessionId())).map(b -> b.state().name()).orElse("NONE"));
    }
    return json;
  }

  private JsonArray checkInsOf(Sitting s) {
    return new JsonArray(state.checkIns(s.sessionId()).stream().map(c -> new JsonObject()
        .put("name", c.name()).put("householdSize", c.householdSize())).toList());
  }

  private List<Sitting> sittings() {
    return schedule.current().map(SiteSchedule::sittings).orElse(List.of());
  }

  public ZoneId zone() {
    return schedule.current().map(SiteSchedule::zone).filter(z -> z != null && !z.isBlank()).map(ZoneId::of)
        .orElse(DEFAULT_ZONE);
  }
}
