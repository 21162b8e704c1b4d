package org.relais.hub.network;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.sites.SitePresence;
import org.relais.hub.sites.SiteSightings;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.Addresses;
import org.relais.protocol.Role;
import org.relais.protocol.SittingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network at a glance, as this node knows it: a week's sittings across every centre with their families
 * and rooms, and the relay-sites with their presence. Read once for everyone who looks, from the schedule's
 * caches and a few queries, and read again only when something changed: a class, a sitting, a registration,
 * a booking (events every node hears), or a relay-site going on or off line. Changes are gathered for a
 * moment, then the pages that follow the board each get the new {@link Snapshot} once; what each page may
 * see of it is decided by {@link NetworkView}, never here.
 */
public final class NetworkBoard {
  private static final Logger LOG = LoggerFactory.getLogger(NetworkBoard.class);
  /** Changes come in bursts (a series edited, families registering): one round for the burst. */
  static final Duration GATHER = Duration.ofMillis(300);
  /** How far ahead a room's next sitting is looked for. */
  static final Duration NEXT_SITTING_HORIZON = Duration.ofDays(62);
  /** Times change what a page shows (a sitting nobody ended is over): everything is read again this often. */
  static final Duration REREAD = Duration.ofMinutes(5);

  /** Everything a page of the network shows, as it stood {@code at}. */
  public record Snapshot(Week week, Sites sites, Map<UUID, SitePresence.Online> online, Instant at, ZoneId zone) {}

  /** One sitting of the week with its families and rooms. */
  record Row(Occurrence occurrence, SittingState state, NetworkStore.Families families,
      List<NetworkStore.BookedRoom> rooms) {}

  /** The sittings of the week that begins on {@code monday}, every centre's, in schedule order. */
  record Week(LocalDate monday, List<Row> rows) {}

  /** The network's centres and relay-sites, with each site's next sitting. */
  record Sites(List<NetworkStore.CentreName> centres, List<SiteSightings.RelaySite> relays,
      Map<UUID, Occurrence> next) {}

  private record Watcher(LocalDate monday, Context context, Consumer<Snapshot> listener) {}

  /** Something read, and when: kept until a change, or until it is older than its limit. */
  private record Read<T>(Future<T> value, Instant at) {}

  private final Vertx vertx;
  private final NetworkStore store;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final SitePresence presence;
  private final SiteSightings sightings;
  private final Duration tick;
  private final Clock clock;
  private final ZoneId zone;
  private final Cache<LocalDate, Future<Week>> weeks = Caffeine.newBuilder().maximumSize(50)
      .expireAfterWrite(REREAD).build();
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private volatile Read<Sites> sites;
  private volatile Read<Map<UUID, SitePresence.Online>> online;
  private volatile Instant readAt = Instant.MIN;
  private boolean roundPending;
  private boolean roundRunning;
  private boolean dataChanged;
  private boolean sitesChanged;
  private long tickTimer = -1;

  public NetworkBoard(Vertx vertx, NetworkStore store, ScheduleService schedule, SittingService sittings,
      SitePresence presence, SiteSightings sightings, Duration tick, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.schedule = schedule;
    this.sittings = sittings;
    this.presence = presence;
    this.sightings = sightings;
    this.tick = tick;
    this.clock = clock;
    this.zone = schedule.zone();
  }

  /** Listens for every change the board shows, and looks at the relay-sites' presence every heartbeat. */
  public void start() {
    List.of(Addresses.scheduleChanged(), Addresses.joinSubjectChanged(), Addresses.registrationsChanged())
        .forEach(address -> consumers.add(vertx.eventBus().consumer(address, changed -> changed(true, true))));
    // A site on or off line: its presence, and when it was last seen (in the database by then).
    consumers.add(vertx.eventBus().consumer(Addresses.sitePresenceChanged(), changed -> changed(false, true)));
    // A node that died takes its sites' links with it silently: their entries expire, and a tick sees it.
    tickTimer = vertx.setPeriodic(tick.toMillis(), id -> {
      if (!watchers.isEmpty()) {
        boolean reread = clock.instant().isAfter(readAt.plus(REREAD));
        changed(reread, reread);
      }
    });
  }

  public void stop() {
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    consumers.forEach(MessageConsumer::unregister);
  }

  /** The Monday of the week {@code day} falls in. */
  public static LocalDate mondayOf(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  public LocalDate thisMonday() {
    return mondayOf(clock.instant().atZone(zone).toLocalDate());
  }

  /** The board for the week of {@code monday}, for who runs the network: its coordinators and admins. */
  public Future<Snapshot> snapshot(StaffPrincipal actor, LocalDate monday) {
    actor.requireRole(Role.ADMIN, Role.COORDINATOR);
    return snapshot(monday);
  }

  /**
   * Follows the board for the week of {@code monday}: {@code listener} gets each new snapshot on
   * {@code context} (the page's connection's). Answers how to stop following.
   */
  public Runnable follow(StaffPrincipal actor, LocalDate monday, Context context, Consumer<Snapshot> listener) {
    actor.requireRole(Role.ADMIN, Role.COORDINATOR);
    Watcher watcher = new Watcher(monday, context, listener);
    watchers.add(watcher);
    return () -> watchers.remove(watcher);
  }

  private Future<Snapshot> snapshot(LocalDate monday) {
    Future<Week> week = weeks.get(monday, this::readWeek);
    Future<Sites> ofSites = sites();
    Future<Map<UUID, SitePresence.Online>> present = online();
    return Future.all(week, ofSites, present)
        .map(all -> new Snapshot(week.result(), ofSites.result(), present.result(), clock.instant(), zone));
  }

  /**
   * Something changed: the next round reads the sites' presence again, and the week's data ({@code data}) and
   * the relay-sites' list ({@code sites}) if they may have changed.
   */
  private void changed(boolean data, boolean sites) {
    synchronized (this) {
      dataChanged |= data;
      sitesChanged |= sites;
      if (roundPending || roundRunning) {
        roundPending = true;
        return;
      }
      roundPending = true;
    }
    vertx.setTimer(GATHER.toMillis(), id -> round());
  }

  private void round() {
    boolean data;
    boolean relays;
    synchronized (this) {
      roundPending = false;
      roundRunning = true;
      data = dataChanged;
      relays = sitesChanged;
      dataChanged = false;
      sitesChanged = false;
    }
    if (data) {
      weeks.invalidateAll();
    }
    if (relays) {
      sites = null;
    }
    online = null;
    Map<LocalDate, List<Watcher>> byWeek = watchers.stream().collect(Collectors.groupingBy(Watcher::monday));
    List<Future<?>> sent = new ArrayList<>();
    byWeek.forEach((monday, following) -> sent.add(snapshot(monday)
        .onSuccess(snapshot -> following.forEach(w -> w.context().runOnContext(go -> w.listener().accept(snapshot))))
        .onFailure(e -> LOG.warn("Could not read the network's week of {} for its pages", monday, e))));
    Future.join(sent).onComplete(done -> {
      boolean again;
      synchronized (this) {
        roundRunning = false;
        again = roundPending;
      }
      if (again) {
        vertx.setTimer(GATHER.toMillis(), id -> round());
      }
    });
  }

  private Future<Week> readWeek(LocalDate monday) {
    Instant from = monday.atStartOfDay(zone).toInstant();
    Instant to = monday.plusDays(7).atStartOfDay(zone).toInstant();
    readAt = clock.instant();
    Future<List<Occurrence>> occurrences = schedule.occurrences(from, to, SessionStore.Filter.NONE);
    Future<Function<Occurrence, SittingState>> states = sittings.states(monday, monday.plusDays(6));
    Future<Map<UUID, NetworkStore.Families>> families = store.families(from, to);
    Future<List<NetworkStore.BookedRoom>> rooms = store.bookedRooms(from, to);
    Future<Week> week = Future.all(occurrences, states, families, rooms).map(all -> {
      Map<UUID, List<NetworkStore.BookedRoom>> roomsOf = rooms.result().stream()
          .collect(Collectors.groupingBy(NetworkStore.BookedRoom::sessionId));
      return new Week(monday, occurrences.result().stream().map(o -> new Row(o, states.result().apply(o),
          families.result().getOrDefault(o.session().id(), NetworkStore.Families.NONE),
          roomsOf.getOrDefault(o.session().id(), List.of()))).toList());
    });
    // A failed read is not kept: the next page or round reads again.
    week.onFailure(e -> weeks.asMap().remove(monday, week));
    return week;
  }

  private Future<Sites> sites() {
    Instant now = clock.instant();
    Read<Sites> known = sites;
    if (known != null && now.isBefore(known.at().plus(REREAD))) {
      return known.value();
    }
    Instant until = now.plus(NEXT_SITTING_HORIZON);
    LocalDate today = now.atZone(zone).toLocalDate();
    Future<List<NetworkStore.CentreName>> centres = store.centres();
    Future<List<SiteSightings.RelaySite>> relays = sightings.relaySites();
    Future<List<Occurrence>> coming = schedule.occurrences(now.minus(SessionSitting.CLOSES_AFTER), until,
        SessionStore.Filter.NONE);
    Future<Function<Occurrence, SittingState>> states = sittings.states(today.minusDays(1),
        until.atZone(zone).toLocalDate());
    Future<List<NetworkStore.BookedRoom>> booked = store.bookedRooms(now, until);
    Future<Sites> read = Future.all(List.of(centres, relays, coming, states, booked)).map(all -> {
      Map<UUID, Occurrence> next = new HashMap<>();
      Map<UUID, List<UUID>> roomsOf = booked.result().stream().collect(Collectors.groupingBy(
          NetworkStore.BookedRoom::sessionId, Collectors.mapping(NetworkStore.BookedRoom::siteId, Collectors.toList())));
      for (Occurrence o : coming.result()) {
        SittingState state = states.result().apply(o);
        if (state.isFinal() || !now.isBefore(o.end().plus(SessionSitting.CLOSES_AFTER))) {
          continue;
        }
        roomsOf.getOrDefault(o.session().id(), List.of()).forEach(site -> next.putIfAbsent(site, o));
      }
      return new Sites(centres.result(), relays.result(), next);
    });
    Read<Sites> held = new Read<>(read, now);
    sites = held;
    read.onFailure(e -> {
      if (sites == held) {
        sites = null;
      }
    });
    return read;
  }

  /** Which sites are online: read again after a change, or when older than a heartbeat. */
  private Future<Map<UUID, SitePresence.Online>> online() {
    Instant now = clock.instant();
    Read<Map<UUID, SitePresence.Online>> known = online;
    if (known != null && now.isBefore(known.at().plus(tick))) {
      return known.value();
    }
    Read<Map<UUID, SitePresence.Online>> held = new Read<>(presence.all(), now);
    online = held;
    held.value().onFailure(e -> {
      if (online == held) {
        online = null;
      }
    });
    return held.value();
  }
}
