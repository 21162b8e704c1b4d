package org.relais.hub.schedule;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Pages;
import org.relais.hub.seats.Seats;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

/**
 * The classes of the staff app, for coordinators (their centres) and admins (all): the list, a class's
 * form and its sittings, one sitting cancelled or moved, the whole series cancelled after a confirmation
 * that says how many families it concerns. Every change goes through the schedule's services, which hold
 * the rules; a refusal about a field is said next to it, in the form as it was sent.
 */
public final class ClassPages implements StaffArea.Section {
  /** A class's families: with a place at home, and on the waiting list. */
  public record Families(int confirmed, int waiting) {
    public static final Families NONE = new Families(0, 0);

    public int total() {
      return confirmed + waiting;
    }
  }

  /** The families of each of some sessions (registrations build on the schedule, so they come from outside). */
  @FunctionalInterface
  public interface FamilyCounts {
    Future<Map<UUID, Families>> of(List<UUID> sessionIds);
  }

  /** How many centre rooms are booked for a session: each takes seats of a built-in room. */
  @FunctionalInterface
  public interface BookedRooms {
    Future<Integer> of(UUID sessionId);
  }

  /** Classes shown in the list: those not over for this long, at most this many. */
  static final Duration SHOWN_AFTER_END = Duration.ofDays(14);
  static final int MAX_LISTED = 300;
  static final List<String> LANGUAGES = List.of("fr", "en", "ar", "es", "pt", "tr", "uk", "ru", "zh", "de", "it");

  private final StaffPages pages;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final CentreService centres;
  private final StaffAccounts staff;
  private final Seats seats;
  private final BookedRooms bookedRooms;
  private final FamilyCounts families;
  private final Clock clock;
  private final ZoneId zone;

  public ClassPages(StaffPages pages, ScheduleService schedule, SittingService sittings, CentreService centres,
      StaffAccounts staff, Seats seats, BookedRooms bookedRooms, FamilyCounts families, Clock clock) {
    this.pages = pages;
    this.schedule = schedule;
    this.sittings = sittings;
    this.centres = centres;
    this.staff = staff;
    this.seats = seats;
    this.bookedRooms = bookedRooms;
    this.families = families;
    this.clock = clock;
    this.zone = schedule.zone();
  }

  @Override
  public void mount(Router staff) {
    staff.get("/classes").handler(runners(this::list));
    staff.get("/classes/new").handler(runners(ctx -> showForm(ctx, 200, Optional.empty(),
        ClassForm.blank(seats.forFamilies(0)),
        Map.of(), null)));
    staff.post("/classes").handler(runners(this::create));
    staff.get("/classes/:id").handler(runners(ctx -> withId(ctx, this::show)));
    staff.post("/classes/:id").handler(runners(ctx -> withId(ctx, this::update)));
    staff.post("/classes/:id/sittings/:date/cancel").handler(runners(ctx -> withId(ctx, this::cancelSitting)));
    staff.get("/classes/:id/sittings/:date/move").handler(runners(ctx -> withId(ctx, this::moveForm)));
    staff.post("/classes/:id/sittings/:date/move").handler(runners(ctx -> withId(ctx, this::move)));
    staff.get("/classes/:id/cancel").handler(runners(ctx -> withId(ctx, this::cancelForm)));
    staff.post("/classes/:id/cancel").handler(runners(ctx -> withId(ctx, this::cancelSeries)));
  }

  /** These pages are for those who run centres; the services check the centre of each class too. */
  private static Handler<RoutingContext> runners(Handler<RoutingContext> page) {
    return ctx -> {
      try {
        StaffPages.principal(ctx).requireRole(Role.ADMIN, Role.COORDINATOR);
        page.handle(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    };
  }

  private interface IdPage {
    void handle(RoutingContext ctx, UUID id);
  }

  private static void withId(RoutingContext ctx, IdPage page) {
    Pages.idOrNext(ctx, "id").ifPresent(id -> page.handle(ctx, id));
  }

  // --- the list -----------------------------------------------------------------------------------

  private void list(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    Instant now = clock.instant();
    Future<Map<UUID, String>> centreNames = centreNames(me);
    Future<Map<UUID, String>> instructorNames = instructors(me).map(ClassPages::names);
    schedule.runBy(me, now.minus(SHOWN_AFTER_END), MAX_LISTED).compose(sessions -> {
      List<Future<List<SessionSitting>>> ofEach = sessions.stream().map(sittings::of).toList();
      Future<Map<UUID, Families>> counts = families.of(sessions.stream().map(Session::id).toList());
      return Future.all(Future.all(ofEach), counts, centreNames, instructorNames).map(done -> {
        Locale locale = Locale.forLanguageTag(pages.language(ctx));
        Map<String, String> t = pages.pages().messages().of(pages.language(ctx));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
          Session session = sessions.get(i);
          List<SessionSitting> all = ofEach.get(i).result();
          Optional<SessionSitting> next = all.stream().filter(s -> !s.isDoneAt(now)).findFirst();
          Families f = counts.result().getOrDefault(session.id(), Families.NONE);
          Map<String, Object> row = new HashMap<>();
          row.put("id", session.id().toString());
          row.put("title", session.draft().title());
          row.put("category", t.get("category_" + session.draft().category().name()));
          row.put("centre", centreNames.result().getOrDefault(session.draft().centreId(), ""));
          row.put("instructor", session.draft().instructorId() == null ? t.get("staff_classes_no_instructor")
              : instructorNames.result().getOrDefault(session.draft().instructorId(), ""));
          row.put("next", next.map(s -> when(s.start(), locale, t)).orElse(null));
          row.put("sittings", all.size());
          row.put("status", t.get(session.status() == SessionStatus.CANCELLED ? "staff_classes_status_cancelled"
              : next.isEmpty() ? "staff_classes_status_over" : "staff_classes_status_scheduled"));
          row.put("cancelled", session.status() == SessionStatus.CANCELLED);
          row.put("confirmed", f.confirmed());
          row.put("waiting", f.waiting());
          row.put("capacity", session.draft().homeCapacity());
          row.put("sortKey", next.isPresent() && session.status() != SessionStatus.CANCELLED
              ? "0" + next.get().start() : "1" + all.get(all.size() - 1).start());
          rows.add(row);
        }
        rows.sort(Comparator.comparing(row -> (String) row.get("sortKey")));
        return rows;
      });
    }).compose(rows -> pages.render(ctx, 200, "staff-classes-list", Map.of("classes", rows)))
        .onFailure(ctx::fail);
  }

  // --- a class's form -----------------------------------------------------------------------------

  private void show(RoutingContext ctx, UUID id) {
    StaffPrincipal me = StaffPages.principal(ctx);
    schedule.get(id).onSuccess(session -> {
      try {
        ScheduleService.requireMayEdit(me, session.draft());
      } catch (ProblemException e) {
        ctx.fail(e);
        return;
      }
      showForm(ctx, 200, Optional.of(session), ClassForm.of(session, zone), Map.of(), null);
    }).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    ClassForm form = ClassForm.of(ctx.request().formAttributes());
    if (showsProblems(ctx, Optional.empty(), form)) {
      return;
    }
    Future.succeededFuture().compose(go -> schedule.create(me, form.draft(zone)))
        .onSuccess(created -> StaffPages.redirect(ctx, "/staff/classes/" + created.id(), "class_created"))
        .onFailure(failure -> refused(ctx, Optional.empty(), form, failure));
  }

  private void update(RoutingContext ctx, UUID id) {
    StaffPrincipal me = StaffPages.principal(ctx);
    ClassForm form = ClassForm.of(ctx.request().formAttributes());
    schedule.get(id).onFailure(ctx::fail).onSuccess(current -> {
      try {
        ScheduleService.requireMayEdit(me, current.draft());
      } catch (ProblemException e) {
        ctx.fail(e);
        return;
      }
      if (showsProblems(ctx, Optional.of(current), form)) {
        return;
      }
      Future.succeededFuture().compose(go -> schedule.update(me, id, form.draft(zone), form.version()))
          .onSuccess(saved -> StaffPages.redirect(ctx, "/staff/classes/" + id, "class_saved"))
          .onFailure(failure -> refused(ctx, Optional.of(current), form, failure));
    });
  }

  /** Shows the form again with every field it can tell is wrong by itself, if any; answers whether it did. */
  private boolean showsProblems(RoutingContext ctx, Optional<Session> session, ClassForm form) {
    Map<String, InvalidFieldException> problems = form.problems(zone);
    if (problems.isEmpty()) {
      return false;
    }
    Map<String, String> errors = new HashMap<>();
    problems.forEach((field, invalid) -> errors.put(field, fieldText(ctx, field, invalid, form)));
    showForm(ctx, 422, session, form, errors, null);
    return true;
  }

  /** A change refused: a field's fault next to the field, "changed meanwhile" above the form; others fail. */
  private void refused(RoutingContext ctx, Optional<Session> session, ClassForm form, Throwable failure) {
    Map<String, String> t = texts(ctx);
    if (failure instanceof InvalidFieldException invalid) {
      String field = ClassForm.fieldOf(invalid.field());
      showForm(ctx, 422, session, form, Map.of(field, fieldText(ctx, field, invalid, form)), null);
    } else if (failure instanceof ProblemException problem && problem.problem().status() == 412 && session.isPresent()) {
      schedule.get(session.get().id()).compose(current -> editorName(ctx, current)
              .map(name -> t.get("staff_classes_changed_meanwhile").replace("{name}", name)))
          .onSuccess(text -> showForm(ctx, 409, session, form, Map.of(), text))
          .onFailure(ctx::fail);
    } else if (failure instanceof ProblemException problem && problem.problem().status() == 409
        && "instructorId".equals(problem.problem().field())) {
      showForm(ctx, 409, session, form, Map.of("instructorId", instructorBusy(ctx, problem.problem())), null);
    } else if (failure instanceof ProblemException problem && problem.problem().status() == 409
        && problem.problem().extensions().containsKey("room")) {
      showForm(ctx, 409, session, form, Map.of("date", roomTaken(ctx, problem.problem())), null);
    } else {
      ctx.fail(failure);
    }
  }

  private String fieldText(RoutingContext ctx, String field, InvalidFieldException invalid, ClassForm form) {
    if ("homeCapacity".equals(field) && invalid.getMessage() != null && invalid.getMessage().startsWith("A built-in")) {
      return texts(ctx).get("staff_classes_error_seats");
    }
    if ("videoMode".equals(field) && invalid.getMessage() != null
        && invalid.getMessage().startsWith("Broadcasting needs ffmpeg")) {
      return texts(ctx).get("staff_classes_error_ffmpeg");
    }
    return pages.fieldError(ctx, "staff_classes_error", new InvalidFieldException(field, invalid.getMessage()));
  }

  private String instructorBusy(RoutingContext ctx, Problem problem) {
    return clash(ctx, problem, "staff_classes_conflict_instructor");
  }

  private String roomTaken(RoutingContext ctx, Problem problem) {
    return clash(ctx, problem, "staff_classes_conflict_room")
        .replace("{room}", String.valueOf(problem.extensions().get("room")));
  }

  /** A clash with another class, said with that class's title and the time they would share. */
  private String clash(RoutingContext ctx, Problem problem, String key) {
    Map<String, String> t = texts(ctx);
    Object at = problem.extensions().get("at");
    String when = at == null ? "" : when(Instant.parse(at.toString()), Locale.forLanguageTag(pages.language(ctx)), t);
    return t.get(key).replace("{title}", String.valueOf(problem.extensions().getOrDefault("otherTitle", "")))
        .replace("{when}", when);
  }

  /** Who changed the session last, by name; "someone" if nobody in particular. */
  private Future<String> editorName(RoutingContext ctx, Session current) {
    String someone = texts(ctx).get("staff_classes_someone");
    if (current.updatedBy() == null) {
      return Future.succeededFuture(someone);
    }
    return staff.get(StaffPages.principal(ctx), current.updatedBy()).map(StaffMember::displayName)
        .recover(unknown -> Future.succeededFuture(someone));
  }

  private void showForm(RoutingContext ctx, int status, Optional<Session> session, ClassForm form,
      Map<String, String> errors, String meanwhile) {
    StaffPrincipal me = StaffPages.principal(ctx);
    Map<String, String> t = texts(ctx);
    Locale locale = Locale.forLanguageTag(pages.language(ctx));
    Instant now = clock.instant();
    Future<List<Centre>> mine = usableCentres(me);
    Future<List<StaffMember>> teachers = instructors(me);
    Future<Integer> rooms = session.map(s -> bookedRooms.of(s.id())).orElse(Future.succeededFuture(0));
    Future<List<SessionSitting>> ofSession = session.map(sittings::of).orElse(Future.succeededFuture(List.of()));
    Future<Map<UUID, Families>> counts = session.map(s -> families.of(List.of(s.id())))
        .orElse(Future.succeededFuture(Map.of()));
    Future.all(mine, teachers, rooms, ofSession, counts).compose(done -> {
      Map<String, Object> model = new HashMap<>();
      model.put("form", form.values());
      model.put("errors", errors);
      model.put("meanwhile", meanwhile);
      model.put("weekdays", weekdays(form, t));
      model.put("categories", choices(List.of(Category.values()).stream().map(Enum::name).toList(), "category_", t));
      model.put("videoModes", choices(List.of(VideoMode.values()).stream().map(Enum::name).toList(),
          "staff_classes_video_", t));
      model.put("languages", choices(LANGUAGES, "staff_classes_lang_", t));
      model.put("centres", mine.result().stream().map(c -> Map.of("id", c.id().toString(), "name", c.name())).toList());
      model.put("instructors", teachers.result().stream()
          .map(m -> Map.of("id", m.id().toString(), "name", m.displayName())).toList());
      int booked = rooms.result();
      model.put("seatsHelp", t.get("staff_classes_capacity_help")
          .replace("{seats}", Integer.toString(seats.maxPeers()))
          .replace("{rooms}", Integer.toString(booked))
          .replace("{families}", Integer.toString(seats.forFamilies(booked))));
      session.ifPresent(s -> {
        model.put("id", s.id().toString());
        model.put("title", s.draft().title());
        model.put("cancelled", s.status() == SessionStatus.CANCELLED);
        Families f = counts.result().getOrDefault(s.id(), Families.NONE);
        model.put("confirmed", f.confirmed());
        model.put("waiting", f.waiting());
        // Attendance is read by those who report on it, once a sitting has opened.
        boolean reports = me.role() == Role.ADMIN || me.role() == Role.COORDINATOR;
        model.put("sittings", ofSession.result().stream().map(sitting -> {
          Map<String, Object> row = sittingRow(sitting, now, locale, t);
          if (reports && !now.isBefore(sitting.opensAt()) && sitting.state() != SittingState.CANCELLED) {
            row.put("attendanceHref", "/staff/reports/sittings/" + s.id() + "/"
                + sitting.start().atZone(zone).toLocalDate());
          }
          return row;
        }).toList());
      });
      return pages.render(ctx, status, session.isPresent() ? "staff-classes-edit" : "staff-classes-new", model);
    }).onFailure(ctx::fail);
  }

  private Map<String, Object> sittingRow(SessionSitting sitting, Instant now, Locale locale, Map<String, String> t) {
    Map<String, Object> row = new HashMap<>();
    row.put("date", sitting.date().toString());
    row.put("when", when(sitting.start(), locale, t) + " – "
        + DateTimeFormatter.ofPattern("HH:mm", locale).format(sitting.end().atZone(zone)));
    row.put("state", t.get("staff_classes_sitting_" + (sitting.state() == SittingState.SCHEDULED
        && sitting.isDoneAt(now) ? "PAST" : sitting.state().name())));
    boolean moved = sitting.session().moves().values().stream()
        .anyMatch(to -> to.start().equals(sitting.start()));
    row.put("moved", moved);
    boolean canChange = sitting.state() == SittingState.SCHEDULED && now.isBefore(sitting.opensAt())
        && sitting.session().status() != SessionStatus.CANCELLED;
    row.put("canChange", canChange);
    return row;
  }

  private static List<Map<String, Object>> weekdays(ClassForm form, Map<String, String> t) {
    List<Map<String, Object>> days = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      days.add(Map.of("code", day.name(), "label", t.get("staff_classes_day_" + day.name()),
          "checked", form.weekdays().contains(day)));
    }
    return days;
  }

  private static List<Map<String, String>> choices(List<String> codes, String prefix, Map<String, String> t) {
    return codes.stream().map(code -> Map.of("code", code, "label", t.getOrDefault(prefix + code, code))).toList();
  }

  // --- one sitting --------------------------------------------------------------------------------

  private void cancelSitting(RoutingContext ctx, UUID id) {
    sittings.cancel(StaffPages.principal(ctx), id, ctx.pathParam("date"))
        .onSuccess(done -> StaffPages.redirect(ctx, "/staff/classes/" + id, "sitting_cancelled"))
        .onFailure(ctx::fail);
  }

  private void moveForm(RoutingContext ctx, UUID id) {
    LocalDate date = dateParam(ctx);
    schedule.get(id).compose(session -> sittings.of(session).map(all -> {
      ScheduleService.requireMayEdit(StaffPages.principal(ctx), session.draft());
      SessionSitting sitting = all.stream().filter(s -> s.date().equals(date)).findFirst()
          .orElseThrow(() -> ProblemException.notFound("No sitting on " + date));
      ZonedDateTime start = sitting.start().atZone(zone);
      return Map.of("date", date.toString(), "startTime", start.toLocalTime().toString(),
          "endTime", sitting.end().atZone(zone).toLocalTime().toString());
    }).compose(values -> renderMove(ctx, 200, session, values, Map.of())))
        .onFailure(ctx::fail);
  }

  private void move(RoutingContext ctx, UUID id) {
    StaffPrincipal me = StaffPages.principal(ctx);
    LocalDate date = dateParam(ctx);
    Map<String, String> values = new HashMap<>();
    for (String field : List.of("date", "startTime", "endTime")) {
      String value = ctx.request().getFormAttribute(field);
      values.put(field, value == null ? "" : value.strip());
    }
    schedule.get(id).onFailure(ctx::fail).onSuccess(session -> Future.succeededFuture()
        .compose(go -> {
          LocalDate day = ClassForm.date("date", values.get("date"));
          var startTime = ClassForm.time("startTime", values.get("startTime"));
          var endTime = ClassForm.time("endTime", values.get("endTime"));
          if (!endTime.isAfter(startTime)) {
            throw new InvalidFieldException("endTime", "the end comes before the start");
          }
          return sittings.reschedule(me, id, date.toString(), new Interval(
              ZonedDateTime.of(day, startTime, zone).toInstant(), ZonedDateTime.of(day, endTime, zone).toInstant()));
        })
        .onSuccess(moved -> StaffPages.redirect(ctx, "/staff/classes/" + id, "sitting_moved"))
        .onFailure(failure -> {
          Map<String, String> t = texts(ctx);
          if (failure instanceof InvalidFieldException invalid) {
            String field = "start".equals(invalid.field()) ? "date" : "end".equals(invalid.field()) ? "endTime"
                : invalid.field();
            renderMove(ctx, 422, session, values, Map.of(field,
                t.getOrDefault("staff_classes_move_error_" + field, t.get("staff_error_field")))).onFailure(ctx::fail);
          } else if (failure instanceof ProblemException problem && problem.problem().status() == 409
              && "instructorId".equals(problem.problem().field())) {
            renderMove(ctx, 409, session, values, Map.of("date", instructorBusy(ctx, problem.problem())))
                .onFailure(ctx::fail);
          } else if (failure instanceof ProblemException problem && problem.problem().status() == 409
              && "start".equals(problem.problem().field())) {
            renderMove(ctx, 409, session, values, Map.of("date",
                problem.problem().extensions().containsKey("room") ? roomTaken(ctx, problem.problem())
                    : t.get("staff_classes_move_error_taken")))
                .onFailure(ctx::fail);
          } else {
            ctx.fail(failure);
          }
        }));
  }

  private Future<Void> renderMove(RoutingContext ctx, int status, Session session, Map<String, String> values,
      Map<String, String> errors) {
    Map<String, String> t = texts(ctx);
    LocalDate date = dateParam(ctx);
    String original = DateTimeFormatter.ofPattern(t.get("staff_classes_day_pattern"),
        Locale.forLanguageTag(pages.language(ctx))).format(date);
    return pages.render(ctx, status, "staff-classes-move", Map.of("id", session.id().toString(),
        "title", session.draft().title(), "sittingDate", date.toString(), "original", original,
        "form", values, "errors", errors));
  }

  private static LocalDate dateParam(RoutingContext ctx) {
    try {
      return LocalDate.parse(ctx.pathParam("date"));
    } catch (RuntimeException e) {
      throw ProblemException.notFound("No sitting " + ctx.pathParam("date"));
    }
  }

  // --- the whole series ---------------------------------------------------------------------------

  private void cancelForm(RoutingContext ctx, UUID id) {
    StaffPrincipal me = StaffPages.principal(ctx);
    Instant now = clock.instant();
    schedule.get(id).compose(session -> {
      ScheduleService.requireMayEdit(me, session.draft());
      Future<List<SessionSitting>> all = sittings.of(session);
      Future<Map<UUID, Families>> counts = families.of(List.of(id));
      return Future.all(all, counts).compose(done -> {
        Families f = counts.result().getOrDefault(id, Families.NONE);
        long toCome = all.result().stream().filter(s -> !s.isDoneAt(now)).count();
        Map<String, String> t = texts(ctx);
        return pages.render(ctx, 200, "staff-classes-cancel", Map.of("id", id.toString(),
            "title", session.draft().title(), "cancelled", session.status() == SessionStatus.CANCELLED,
            "families", t.get("staff_classes_cancel_families").replace("{families}", Integer.toString(f.total()))
                .replace("{confirmed}", Integer.toString(f.confirmed()))
                .replace("{waiting}", Integer.toString(f.waiting())),
            "sittings", t.get("staff_classes_cancel_sittings").replace("{sittings}", Long.toString(toCome))));
      });
    }).onFailure(ctx::fail);
  }

  private void cancelSeries(RoutingContext ctx, UUID id) {
    schedule.cancel(StaffPages.principal(ctx), id)
        .onSuccess(done -> StaffPages.redirect(ctx, "/staff/classes", "class_cancelled"))
        .onFailure(ctx::fail);
  }

  // --- shared -------------------------------------------------------------------------------------

  private Map<String, String> texts(RoutingContext ctx) {
    return pages.pages().messages().of(pages.language(ctx));
  }

  private String when(Instant at, Locale locale, Map<String, String> t) {
    return DateTimeFormatter.ofPattern(t.get("staff_classes_when_pattern"), locale).format(at.atZone(zone));
  }

  /** The centres where the person may hold a class: an ADMIN's are all of them. */
  private Future<List<Centre>> usableCentres(StaffPrincipal me) {
    return centres.list(1000, null).map(page -> page.items().stream().filter(c -> me.coordinates(c.id()))
        .sorted(Comparator.comparing(Centre::name)).toList());
  }

  private Future<Map<UUID, String>> centreNames(StaffPrincipal me) {
    return usableCentres(me).map(list -> list.stream().collect(Collectors.toMap(Centre::id, Centre::name)));
  }

  /** Who may teach: the instructors' accounts, by name. */
  private Future<List<StaffMember>> instructors(StaffPrincipal me) {
    return staff.list(me, 1000, null).map(page -> page.items().stream().filter(m -> m.role() == Role.INSTRUCTOR)
        .sorted(Comparator.comparing(StaffMember::displayName)).toList());
  }

  private static Map<UUID, String> names(List<StaffMember> members) {
    return members.stream().collect(Collectors.toMap(StaffMember::id, StaffMember::displayName));
  }
}
