package org.relais.hub.network;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.sites.SitePresence;
import org.relais.hub.sites.SiteSightings;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.Category;
import org.relais.protocol.SittingState;

/**
 * What one member of staff sees of the board: only their centres' part (every centre for an admin), narrowed
 * by their filters, worded in their language. The same model fills the page and the live updates it gets,
 * so both always say the same thing.
 */
final class NetworkView {
  /** A sitting's state as the page names it: a sitting nobody ended is over all the same. */
  enum Status { SCHEDULED, LIVE, ENDED, CANCELLED }

  private final NetworkBoard.Snapshot snapshot;
  private final StaffPrincipal viewer;
  private final NetworkQuery query;
  private final Map<String, String> texts;
  private final Locale locale;
  private final ZoneId zone;
  private final Map<UUID, String> centreNames;

  NetworkView(NetworkBoard.Snapshot snapshot, StaffPrincipal viewer, NetworkQuery query, Map<String, String> texts,
      Locale locale) {
    this.snapshot = snapshot;
    this.viewer = viewer;
    this.query = query;
    this.texts = texts;
    this.locale = locale;
    this.zone = snapshot.zone();
    this.centreNames = snapshot.sites().centres().stream()
        .collect(Collectors.toMap(NetworkStore.CentreName::id, NetworkStore.CentreName::name));
  }

  private boolean shows(UUID centreId) {
    return viewer.coordinates(centreId) && (query.centreId() == null || query.centreId().equals(centreId));
  }

  /** The parts that change while the page is open: the week's days and the relay-sites. */
  Map<String, Object> live() {
    Map<String, Object> live = new LinkedHashMap<>();
    List<Map<String, Object>> days = days();
    List<Map<String, Object>> sites = sites();
    long offline = sites.stream().filter(site -> !(Boolean) site.get("online")).count();
    live.put("days", days);
    live.put("sittings", days.stream().mapToInt(day -> ((List<?>) day.get("sittings")).size()).sum());
    live.put("sites", sites);
    live.put("sitesSummary", sites.isEmpty() ? texts.get("staff_network_sites_none")
        : MessageFormat.format(texts.get("staff_network_sites_summary"), sites.size() - offline, offline));
    return live;
  }

  /** The whole page: the live parts, the week's links and the filters' choices. */
  Map<String, Object> page(String base) {
    Map<String, Object> page = new HashMap<>(live());
    LocalDate monday = query.monday();
    DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMMM yyyy", locale);
    page.put("weekLabel", MessageFormat.format(texts.get("staff_network_week_of"), day.format(monday),
        day.format(monday.plusDays(6))));
    page.put("previousWeek", query.inWeek(monday.minusWeeks(1)).path(base));
    page.put("nextWeek", query.inWeek(monday.plusWeeks(1)).path(base));
    LocalDate thisMonday = NetworkBoard.mondayOf(snapshot.at().atZone(zone).toLocalDate());
    page.put("thisWeek", monday.equals(thisMonday) ? null : query.inWeek(thisMonday).path(base));
    page.put("week", monday.toString());
    page.put("centres", snapshot.sites().centres().stream().filter(c -> viewer.coordinates(c.id()))
        .map(c -> Map.of("id", c.id().toString(), "name", c.name(), "selected", c.id().equals(query.centreId())))
        .toList());
    List<Map<String, Object>> themes = new ArrayList<>();
    for (Category theme : Category.values()) {
      themes.add(Map.of("value", theme.name(), "label", texts.get("category_" + theme.name()),
          "selected", theme == query.theme()));
    }
    page.put("themes", themes);
    page.put("events", query.path("/staff/network/events"));
    return page;
  }

  private List<Map<String, Object>> days() {
    DateTimeFormatter heading = DateTimeFormatter.ofPattern("EEEE d MMMM", locale);
    DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
    LocalDate today = snapshot.at().atZone(zone).toLocalDate();
    Map<LocalDate, List<Map<String, Object>>> byDay = new LinkedHashMap<>();
    for (int d = 0; d < 7; d++) {
      byDay.put(query.monday().plusDays(d), new ArrayList<>());
    }
    for (NetworkBoard.Row row : snapshot.week().rows()) {
      Occurrence o = row.occurrence();
      if (!shows(o.session().draft().centreId())
          || (query.theme() != null && query.theme() != o.session().draft().category())) {
        continue;
      }
      ZonedDateTime start = o.start().atZone(zone);
      List<Map<String, Object>> ofDay = byDay.get(start.toLocalDate());
      if (ofDay != null) {
        ofDay.add(sitting(row, time.format(start) + " – " + time.format(o.end().atZone(zone))));
      }
    }
    List<Map<String, Object>> days = new ArrayList<>();
    byDay.forEach((date, sittings) -> {
      Map<String, Object> day = new LinkedHashMap<>();
      day.put("date", date.toString());
      day.put("label", capitalize(heading.format(date)));
      day.put("today", date.equals(today));
      day.put("sittings", sittings);
      days.add(day);
    });
    return days;
  }

  private Map<String, Object> sitting(NetworkBoard.Row row, String time) {
    Occurrence o = row.occurrence();
    UUID id = o.session().id();
    Status status = status(row.state(), o, snapshot.at());
    Map<String, Object> sitting = new LinkedHashMap<>();
    sitting.put("key", id + "/" + o.start().atZone(zone).toLocalDate());
    sitting.put("time", time);
    sitting.put("title", o.session().draft().title());
    sitting.put("centre", centreNames.getOrDefault(o.session().draft().centreId(), ""));
    sitting.put("theme", texts.get("category_" + o.session().draft().category().name()));
    sitting.put("status", status.name().toLowerCase(Locale.ROOT));
    sitting.put("statusLabel", texts.get("staff_network_status_" + status.name()));
    sitting.put("families", MessageFormat.format(texts.get("staff_network_families"), row.families().confirmed(),
        o.session().draft().homeCapacity()));
    sitting.put("waiting", row.families().waiting() == 0 ? ""
        : MessageFormat.format(texts.get("staff_network_waiting"), row.families().waiting()));
    sitting.put("rooms", row.rooms().isEmpty() ? texts.get("staff_network_rooms_none")
        : MessageFormat.format(texts.get("staff_network_rooms_count"), row.rooms().size()));
    sitting.put("roomNames", row.rooms().stream().map(r -> r.siteName() + " (" + r.centreName() + ")")
        .collect(Collectors.joining(", ")));
    sitting.put("console", "/console/sessions/" + id);
    sitting.put("edit", "/staff/classes/" + id);
    return sitting;
  }

  static Status status(SittingState state, Occurrence o, Instant now) {
    return switch (state) {
      case LIVE -> Status.LIVE;
      case ENDED -> Status.ENDED;
      case CANCELLED -> Status.CANCELLED;
      case SCHEDULED -> now.isBefore(o.end().plus(SessionSitting.CLOSES_AFTER)) ? Status.SCHEDULED : Status.ENDED;
    };
  }

  /** The relay-sites shown, offline ones first: they are the ones someone should call. */
  private List<Map<String, Object>> sites() {
    record Shown(SiteSightings.RelaySite relay, SitePresence.Online online) {}
    DateTimeFormatter seenToday = DateTimeFormatter.ofPattern("HH:mm", locale);
    DateTimeFormatter seenBefore = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", locale);
    DateTimeFormatter next = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", locale);
    LocalDate today = snapshot.at().atZone(zone).toLocalDate();
    return snapshot.sites().relays().stream()
        .filter(relay -> shows(relay.centreId()))
        .map(relay -> new Shown(relay, snapshot.online().get(relay.siteId())))
        .sorted(Comparator.comparing((Shown s) -> s.online() != null).thenComparing(s -> s.relay().centreName())
            .thenComparing(s -> s.relay().siteName()))
        .map(shown -> {
          SiteSightings.RelaySite relay = shown.relay();
          boolean online = shown.online() != null;
          Instant seen = online ? shown.online().lastSeen() : relay.lastSeen();
          String version = online ? shown.online().version() : relay.version();
          Occurrence coming = snapshot.sites().next().get(relay.siteId());
          Map<String, Object> site = new LinkedHashMap<>();
          site.put("id", relay.siteId().toString());
          site.put("name", relay.siteName());
          site.put("centre", relay.centreName());
          site.put("online", online);
          site.put("stateLabel", texts.get(online ? "staff_network_site_online" : "staff_network_site_offline"));
          site.put("lastSeen", seen == null ? texts.get("staff_network_site_never")
              : seen.atZone(zone).toLocalDate().equals(today)
                  ? MessageFormat.format(texts.get("staff_network_site_seen_today"), seenToday.format(seen.atZone(zone)))
                  : seenBefore.format(seen.atZone(zone)));
          site.put("version", version == null || version.isBlank() ? "—" : version);
          site.put("next", coming == null ? texts.get("staff_network_site_no_next")
              : capitalize(next.format(coming.start().atZone(zone))) + " · " + coming.session().draft().title());
          return site;
        })
        .toList();
  }

  private String capitalize(String text) {
    return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(locale) + text.substring(1);
  }
}
