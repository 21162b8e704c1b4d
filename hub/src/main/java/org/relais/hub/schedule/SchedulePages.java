package org.relais.hub.schedule;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Messages;
import org.relais.hub.pages.Pages;
import org.relais.protocol.Category;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;

/** The public schedule pages: the coming week grouped by day, and one page per session. */
public final class SchedulePages {
  static final int DAYS_SHOWN = 7;
  private static final int NEXT_SITTINGS = 6;

  public record Option(String value, String label, boolean selected) {}

  public record Sitting(String time, String title, String category, String categoryLabel, String centre,
      String language, String status, String statusCode, boolean cancelled, String full, String href) {}

  public record Day(String label, List<Sitting> items) {}

  /** A sitting's date and its time range, apart so that a page can keep the time range on one line. */
  public record When(String date, String time) {}

  /** One of a series' next sittings on its page, with a badge when it is not simply to come. */
  public record NextSitting(When when, String status, String statusCode) {}

  public record SessionView(String title, String category, String categoryLabel, String description, When when,
      boolean recurring, String language, String video, String homePlaces, boolean full, String accessibility,
      String status, String statusCode, boolean cancelled) {}

  private final ScheduleService schedule;
  private final SittingService sittings;
  private final CentreService centres;
  private final ClassPages.FamilyCounts families;
  private final Pages pages;
  private final Clock clock;
  private final ZoneId zone;
  private final List<SessionSection> sections;
  private final List<ProgrammeSection> programmeSections;

  public SchedulePages(ScheduleService schedule, SittingService sittings, CentreService centres,
      ClassPages.FamilyCounts families, Pages pages, Clock clock, List<SessionSection> sections,
      List<ProgrammeSection> programmeSections) {
    this.schedule = schedule;
    this.sittings = sittings;
    this.centres = centres;
    this.families = families;
    this.pages = pages;
    this.clock = clock;
    this.sections = List.copyOf(sections);
    this.programmeSections = List.copyOf(programmeSections);
    this.zone = schedule.zone();
  }

  public void mount(Router router) {
    router.get("/").handler(this::schedulePage);
    router.get("/sessions/:id").handler(this::sessionPage);
  }

  private void schedulePage(RoutingContext ctx) {
    String language = pages.language(ctx);
    Category category = parse(ctx.request().getParam("category"), v -> Category.valueOf(v.toUpperCase(Locale.ROOT)));
    UUID centreId = parse(ctx.request().getParam("centre"), UUID::fromString);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Instant until = now.atZone(zone).toLocalDate().plusDays(DAYS_SHOWN).atStartOfDay(zone).toInstant();
    Future<Map<UUID, Centre>> allCentres = centreNames();
    Future<List<Occurrence>> sittings = schedule.occurrences(now, until,
        new SessionStore.Filter(category, centreId, null));
    Future<Function<Occurrence, SittingState>> states = this.sittings.states(now.atZone(zone).toLocalDate(),
        until.atZone(zone).toLocalDate());
    Future<Map<UUID, ClassPages.Families>> counts = sittings.compose(found -> families.of(
        found.stream().map(o -> o.session().id()).distinct().toList()));
    Future.all(allCentres, counts, states).compose(done -> {
      Map<UUID, Centre> byId = allCentres.result();
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("categories", Arrays.stream(Category.values())
          .map(c -> new Option(c.name(), label(language, c), c == category)).toList());
      model.put("centres", byId.values().stream()
          .map(c -> new Option(c.id().toString(), c.name(), c.id().equals(centreId))).toList());
      model.put("filtered", category != null || centreId != null);
      model.put("days", days(sittings.result(), states.result(), counts.result(), byId, language));
      List<Future<Map<String, Object>>> parts = programmeSections.stream()
          .map(section -> section.model(ctx, category, centreId)).toList();
      return Future.all(parts).compose(added -> {
        parts.forEach(part -> model.putAll(part.result()));
        return pages.render(ctx, 200, "schedule", model);
      });
    }).onFailure(ctx::fail);
  }

  /** A section another feature adds to the programme's page (calendar subscriptions), for its filters. */
  public interface ProgrammeSection {
    Future<Map<String, Object>> model(RoutingContext ctx, Category category, UUID centreId);
  }

  /** A section another feature adds to a session's page (the registration form), as model entries. */
  public interface SessionSection {
    Future<Map<String, Object>> model(RoutingContext ctx, Session session);
  }

  private void sessionPage(RoutingContext ctx) {
    UUID id = parse(ctx.pathParam("id"), UUID::fromString);
    if (id == null) {
      ctx.fail(ProblemException.notFound("No such session"));
      return;
    }
    renderSession(ctx, id, 200, Map.of()).onFailure(ctx::fail);
  }

  /** Renders a session's page; {@code overrides} replace what the sections would put (a form with its errors). */
  public Future<Void> renderSession(RoutingContext ctx, UUID id, int status, Map<String, Object> overrides) {
    String language = pages.language(ctx);
    return schedule.get(id).compose(session -> Future.all(centres.get(session.draft().centreId()),
        sittings.of(session), families.of(List.of(session.id()))).compose(found -> {
      Centre centre = found.resultAt(0);
      List<SessionSitting> all = found.resultAt(1);
      Map<UUID, ClassPages.Families> counts = found.resultAt(2);
      ClassPages.Families taken = counts.getOrDefault(session.id(), ClassPages.Families.NONE);
      Locale locale = Messages.locale(language);
      Instant now = clock.instant();
      // A sitting tapped in the schedule is shown as such; otherwise the next one (or the last, when over).
      // An ended sitting is behind us, even when it ended before its time.
      Instant at = parse(ctx.request().getParam("at"), Instant::parse);
      SessionSitting tapped = all.stream().filter(o -> o.start().equals(at)).findFirst().orElse(null);
      List<SessionSitting> upcoming = all.stream().filter(o -> tapped == null
          ? o.state() != SittingState.ENDED && o.end().isAfter(now) : !o.start().isBefore(tapped.start())).toList();
      SessionSitting shown = upcoming.isEmpty() ? all.get(all.size() - 1) : upcoming.get(0);
      boolean cancelled = session.status() == SessionStatus.CANCELLED;
      String badge = cancelled ? SessionStatus.CANCELLED.name() : badge(shown.state());
      SessionDraft d = session.draft();
      boolean full = !cancelled && isFull(d, taken);
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("sessionId", session.id().toString());
      model.put("session", new SessionView(d.title(), d.category().name(), label(language, d.category()),
          d.description(), whenLabel(shown.occurrence(), locale), d.recurrence() != null,
          languageName(d.language(), locale), pages.messages().get(language, "session_video_" + d.videoMode().name()),
          full ? fullLabel(language, taken) : homePlaces(language, d, taken), full, d.accessibility(),
          badge == null ? null : pages.messages().get(language, "status_" + badge),
          badge, cancelled));
      model.put("centre", centre);
      model.put("nextSittings", upcoming.stream().skip(1).limit(NEXT_SITTINGS).map(o -> {
        String state = cancelled ? null : badge(o.state());
        return new NextSitting(whenLabel(o.occurrence(), locale),
            state == null ? null : pages.messages().get(language, "status_" + state), state);
      }).toList());
      List<Future<Map<String, Object>>> parts = sections.stream().map(section -> section.model(ctx, session)).toList();
      return Future.all(parts).compose(done -> {
        parts.forEach(part -> model.putAll(part.result()));
        model.putAll(overrides);
        return pages.render(ctx, status, "session", model);
      });
    }));
  }

  private Future<Map<UUID, Centre>> centreNames() {
    return centres.list(500, null).map(page -> page.items().stream()
        .collect(Collectors.toMap(Centre::id, Function.identity(), (a, b) -> a, LinkedHashMap::new)));
  }

  private List<Day> days(List<Occurrence> sittings, Function<Occurrence, SittingState> states,
      Map<UUID, ClassPages.Families> counts, Map<UUID, Centre> centresById, String language) {
    Locale locale = Messages.locale(language);
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
    Map<LocalDate, List<Sitting>> byDay = new LinkedHashMap<>();
    for (Occurrence o : sittings) {
      ZonedDateTime start = o.start().atZone(zone);
      SessionDraft d = o.session().draft();
      Centre centre = centresById.get(d.centreId());
      SittingState state = states.apply(o);
      String badge = badge(state);
      ClassPages.Families taken = counts.getOrDefault(o.session().id(), ClassPages.Families.NONE);
      boolean full = (state == SittingState.SCHEDULED || state == SittingState.LIVE)
          && o.session().status() != SessionStatus.CANCELLED && isFull(d, taken);
      byDay.computeIfAbsent(start.toLocalDate(), k -> new ArrayList<>()).add(new Sitting(
          time.format(start) + " – " + time.format(o.end().atZone(zone)),
          d.title(), d.category().name(), label(language, d.category()),
          centre == null ? "" : centre.name(), languageName(d.language(), locale),
          badge == null ? null : pages.messages().get(language, "status_" + badge), state.name(),
          state == SittingState.CANCELLED, full ? fullLabel(language, taken) : null,
          "/sessions/" + o.session().id() + "?at=" + o.start()));
    }
    List<Day> days = new ArrayList<>();
    byDay.forEach((date, items) -> days.add(new Day(dayLabel(date, today, language), items)));
    return days;
  }

  private String dayLabel(LocalDate date, LocalDate today, String language) {
    String label = capitalize(DateTimeFormatter.ofPattern("EEEE d MMMM", Messages.locale(language)).format(date));
    if (date.equals(today)) {
      return pages.messages().get(language, "schedule_today") + " · " + label;
    }
    if (date.equals(today.plusDays(1))) {
      return pages.messages().get(language, "schedule_tomorrow") + " · " + label;
    }
    return label;
  }

  public When whenLabel(Occurrence o, Locale locale) {
    ZonedDateTime start = o.start().atZone(zone);
    DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
    return new When(capitalize(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", locale).format(start)),
        time.format(start) + " – " + time.format(o.end().atZone(zone)));
  }

  /**
   * Full as registering decides it: a family is waitlisted once the confirmed registrations reach the places
   * from home (RegistrationService.register counts the same rows).
   */
  private static boolean isFull(SessionDraft d, ClassPages.Families taken) {
    return d.homeCapacity() > 0 && taken.confirmed() >= d.homeCapacity();
  }

  private String fullLabel(String language, ClassPages.Families taken) {
    return taken.waiting() == 0 ? pages.messages().get(language, "places_full")
        : MessageFormat.format(pages.messages().get(language, "places_full_waiting"), taken.waiting());
  }

  private String homePlaces(String language, SessionDraft d, ClassPages.Families taken) {
    return d.homeCapacity() == 0 ? "0" : MessageFormat.format(pages.messages().get(language, "places_left"),
        d.homeCapacity() - taken.confirmed(), d.homeCapacity());
  }

  public String label(String language, Category category) {
    return pages.messages().get(language, "category_" + category.name());
  }

  /** A sitting's state worth a badge: live now, called off, or over. */
  private static String badge(SittingState state) {
    return state == SittingState.SCHEDULED ? null : state.name();
  }

  private static String languageName(String code, Locale locale) {
    String name = Locale.forLanguageTag(code).getDisplayLanguage(locale);
    return name.isEmpty() ? code : name;
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** A value from the address bar; one that does not parse is ignored rather than an error page. */
  private static <T> T parse(String value, Function<String, T> parser) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException | DateTimeException e) {
      return null;
    }
  }
}
