package org.relais.hub.reports;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.text.MessageFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Messages;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;

/**
 * One sitting's attendance in the staff app ({@code /staff/reports/sittings/<class>/<day>}), reached from the
 * report's line of the sitting and from the class's list of sittings: the families at home, present or not and
 * for how long; the head count of the centres' rooms over time and the check-ins by name; the help calls. It shows
 * families' names, so each opening is logged.
 */
public final class SittingPages implements StaffArea.Section {
  static final String PATH = "/staff/reports/sittings/";

  private final SittingReports reports;
  private final PrivacyLog log;
  private final StaffPages pages;

  public SittingPages(SittingReports reports, PrivacyLog log, StaffPages pages) {
    this.reports = reports;
    this.log = log;
    this.pages = pages;
  }

  /** The page of the sitting of class {@code sessionId} held on {@code day}. */
  public static String href(UUID sessionId, LocalDate day) {
    return PATH + sessionId + "/" + day;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/reports/sittings/:session/:date").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    UUID sessionId;
    LocalDate date;
    try {
      sessionId = UUID.fromString(ctx.pathParam("session"));
      date = LocalDate.parse(ctx.pathParam("date"));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      ctx.fail(ProblemException.notFound("No such sitting"));
      return;
    }
    StaffPrincipal viewer = StaffPages.principal(ctx);
    reports.report(viewer, sessionId, date)
        .compose(report -> log.staff(viewer.id(), PrivacyLog.Action.SITTING_ATTENDANCE_VIEWED, report.centreId(),
                "session=" + sessionId + " date=" + date, "families=" + report.families().size())
            .compose(logged -> pages.render(ctx, 200, "staff-sitting-report", model(ctx, report))))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> model(RoutingContext ctx, SittingReport report) {
    Locale locale = Messages.locale(pages.language(ctx));
    ZoneId zone = reports.zone();
    DateTimeFormatter hours = DateTimeFormatter.ofPattern("HH:mm", locale);
    Map<String, Object> model = new HashMap<>();
    model.put("title", report.title());
    model.put("day", DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(report.date()));
    model.put("time", hours.format(report.start().atZone(zone)) + " – " + hours.format(report.end().atZone(zone)));
    model.put("centre", report.centreName());
    model.put("theme", pages.text(ctx, "category_" + report.category()));
    model.put("reportHref", ReportPages.PATH + "?from=" + report.date() + "&to=" + report.date() + "&by=sitting");
    model.put("classHref", "/staff/classes/" + report.sessionId());
    model.put("presentRule", MessageFormat.format(pages.text(ctx, "staff_sitting_present_rule"),
        reports.config().presentPercent()));

    List<Map<String, String>> tiles = new ArrayList<>();
    tile(ctx, tiles, "registered", Integer.toString(report.registered()));
    tile(ctx, tiles, "present_home", Integer.toString(report.presentAtHome()));
    tile(ctx, tiles, "no_shows", Integer.toString(report.noShows()));
    tile(ctx, tiles, "present_rooms", Integer.toString(report.presentInRooms()));
    tile(ctx, tiles, "check_ins", Integer.toString(report.checkIns().size()));
    tile(ctx, tiles, "help_asked", Integer.toString(report.helpCalls().size()));
    tile(ctx, tiles, "help_taken", Integer.toString(report.helpTaken()));
    tile(ctx, tiles, "help_wait", report.meanWait().map(wait -> duration(ctx, wait)).orElse("–"));
    model.put("tiles", tiles);

    model.put("families", report.families().stream().map(family -> Map.of(
        "name", family.name(),
        "presence", pages.text(ctx, "staff_sitting_presence_" + family.presence()),
        "presenceCss", family.presence().name().toLowerCase(Locale.ROOT),
        "stayed", family.firstJoined().isEmpty() ? "–" : duration(ctx, family.stayed()),
        "arrived", family.firstJoined().map(at -> hours.format(at.atZone(zone))).orElse("–"),
        "registration", pages.text(ctx, family.erased() ? "staff_sitting_erased"
            : family.confirmed() ? "staff_sitting_confirmed" : "staff_sitting_not_confirmed")))
        .toList());

    if (!report.rooms().isEmpty()) {
      model.put("chart", SittingChart.svg(report.rooms(), report.start(), report.end(), zone,
          pages.text(ctx, "staff_sitting_chart_title")));
    }
    model.put("rooms", report.rooms().stream().map(room -> Map.of(
        "name", room.name(),
        "peak", Integer.toString(room.peak()),
        "steps", room.steps().stream().map(step -> Map.of("at", hours.format(step.at().atZone(zone)),
            "count", Integer.toString(Math.max(0, step.count())))).toList()))
        .toList());
    model.put("checkIns", report.checkIns().stream().map(checkIn -> Map.of(
        "at", hours.format(checkIn.at().atZone(zone)),
        "room", checkIn.room(),
        "name", checkIn.name().orElse(pages.text(ctx, "staff_sitting_name_erased"))))
        .toList());
    model.put("helpCalls", report.helpCalls().stream().map(call -> Map.of(
        "at", hours.format(call.askedAt().atZone(zone)),
        "name", call.name(),
        "takenBy", call.takenBy().orElse(pages.text(ctx, call.takenAt().isPresent() ? "staff_sitting_help_someone"
            : "staff_sitting_help_not_taken")),
        "wait", call.answeredAfter().map(wait -> duration(ctx, wait)).orElse("–")))
        .toList());
    return model;
  }

  private void tile(RoutingContext ctx, List<Map<String, String>> tiles, String key, String value) {
    tiles.add(Map.of("label", pages.text(ctx, "staff_sitting_tile_" + key), "value", value));
  }

  /** "42 min", "1 min 30 s", "45 s": a stay in minutes, a wait to the second. */
  private String duration(RoutingContext ctx, Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    if (seconds >= 600) {
      return MessageFormat.format(pages.text(ctx, "staff_sitting_minutes"), Math.round(seconds / 60.0));
    }
    if (seconds >= 60) {
      return MessageFormat.format(pages.text(ctx, "staff_sitting_minutes_seconds"), seconds / 60, seconds % 60);
    }
    return MessageFormat.format(pages.text(ctx, "staff_sitting_seconds"), seconds);
  }
}
