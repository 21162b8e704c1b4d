package org.relais.hub.reports;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.pages.Messages;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Role;

/**
 * The attendance report in the staff app ({@code /staff/reports}): its choices, the totals, a chart and the
 * table of every line, a link to the same figures as a spreadsheet file; and the same report laid out for
 * printing for a board meeting ({@code /staff/reports/print}). For coordinators (their centres) and admins.
 */
public final class ReportPages implements StaffArea.Section {
  static final String PATH = "/staff/reports";
  /** More bars than this make a chart nobody reads: the table stays. */
  private static final int MAX_BARS = 40;

  private final Reports reports;
  private final CentreService centres;
  private final StaffPages pages;

  public ReportPages(Reports reports, CentreService centres, StaffPages pages) {
    this.reports = reports;
    this.centres = centres;
    this.pages = pages;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/reports").handler(ctx -> page(ctx, false));
    staff.get("/reports/print").handler(ctx -> page(ctx, true));
  }

  private void page(RoutingContext ctx, boolean print) {
    StaffPrincipal viewer = StaffPages.principal(ctx);
    viewer.requireRole(Role.ADMIN, Role.COORDINATOR);
    Map<String, String> errors = new HashMap<>();
    Map<String, String> values = new HashMap<>();
    for (String name : List.of("from", "to", "centre", "by")) {
      String value = ctx.request().getParam(name);
      values.put(name, value == null ? "" : value);
    }
    ReportQuery query;
    try {
      query = reports.query(values.get("from"), values.get("to"), values.get("centre"), values.get("by"));
    } catch (InvalidFieldException invalid) {
      errors.put(invalid.field(), pages.text(ctx, "staff_reports_error_" + invalid.field()));
      query = reports.query(null, null, null, null);
    }
    ReportQuery asked = query;
    centres.list(1000, null)
        .compose(all -> reports.report(viewer, asked).compose(report -> pages.render(ctx, errors.isEmpty() ? 200 : 422,
            "staff-reports", model(ctx, report, all.items().stream().filter(c -> viewer.coordinates(c.id())).toList(),
                values, errors, print))))
        .onFailure(ctx::fail);
  }

  private Map<String, Object> model(RoutingContext ctx, Report report, List<Centre> visible,
      Map<String, String> values, Map<String, String> errors, boolean print) {
    String language = pages.language(ctx);
    Locale locale = Messages.locale(language);
    Function<String, String> texts = key -> pages.text(ctx, key);
    ReportQuery query = report.query();
    NumberFormat decimals = NumberFormat.getNumberInstance(locale);
    decimals.setMaximumFractionDigits(1);
    Map<String, Object> model = new HashMap<>();
    model.put("print", print);
    model.put("errors", errors);
    model.put("from", errors.containsKey("from") ? values.get("from") : query.from().toString());
    model.put("to", errors.containsKey("to") ? values.get("to") : query.to().toString());
    model.put("by", query.by().param());
    model.put("centres", visible.stream().map(c -> Map.of("id", c.id().toString(), "name", c.name(),
        "selected", c.id().equals(query.centreId()))).toList());
    model.put("lineKinds", java.util.Arrays.stream(ReportQuery.By.values()).map(by -> Map.of("value", by.param(),
        "label", texts.apply("staff_reports_by_" + by.param()), "selected", by == query.by())).toList());
    DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMMM yyyy", locale);
    DateTimeFormatter month = DateTimeFormatter.ofPattern("LLLL yyyy", locale);
    String scope = query.centreId() == null
        ? texts.apply(visible.size() == 1 && !StaffPages.principal(ctx).isAdmin() ? "staff_reports_scope_yours"
            : "staff_reports_scope_network")
        : visible.stream().filter(c -> c.id().equals(query.centreId())).map(Centre::name).findFirst().orElse("");
    model.put("heading", MessageFormat.format(texts.apply("staff_reports_heading"), day.format(query.from()),
        day.format(query.to()), scope));
    model.put("presentRule", MessageFormat.format(texts.apply("staff_reports_present_rule"),
        reports.config().presentPercent()));
    // One column names the line (its parts one under the other), so that the figures fit a desktop's width.
    List<String> labels = ReportFormats.labels(query.by());
    List<String> header = new ArrayList<>();
    if (!labels.isEmpty()) {
      header.add(texts.apply("staff_reports_line_" + query.by().param()));
    }
    ReportFormats.FIGURES.forEach(figure -> header.add(texts.apply("staff_reports_short_" + figure)));
    model.put("header", header);
    model.put("figureHeader", header.subList(labels.isEmpty() ? 0 : 1, header.size()));
    List<Map<String, Object>> rows = new ArrayList<>();
    List<ReportChart.Bar> bars = new ArrayList<>();
    for (ReportLine line : report.lines()) {
      // Dates and months as the page's language writes them (the CSV keeps them as ISO dates).
      List<String> names = labels.stream().map(label -> switch (label) {
        case "date" -> day.format(line.date());
        case "month" -> month.format(YearMonth.parse(line.month()));
        default -> ReportFormats.label(line, label, texts);
      }).toList();
      Map<String, Object> row = new HashMap<>(Map.of("names", names, "cells", ReportFormats.cells(line, decimals)));
      if (query.by() == ReportQuery.By.SITTING && !print) {
        row.put("href", SittingPages.href(line.sessionId(), line.date()));
      }
      rows.add(row);
      bars.add(new ReportChart.Bar(String.join(" · ", names.subList(0, Math.min(2, names.size()))),
          line.presentAtHome(), line.presentInRooms()));
    }
    model.put("rows", rows);
    model.put("named", !labels.isEmpty());
    model.put("total", ReportFormats.cells(report.total(), decimals));
    model.put("tiles", tiles(report.total(), texts, decimals));
    if (!bars.isEmpty() && bars.size() <= MAX_BARS && query.by() != ReportQuery.By.TOTAL) {
      model.put("chart", ReportChart.svg(bars, texts.apply("staff_reports_chart_title"),
          texts.apply("staff_reports_col_presentAtHome"), texts.apply("staff_reports_col_presentInRooms")));
    } else if (bars.size() > MAX_BARS) {
      model.put("chartTooBig", texts.apply("staff_reports_chart_too_big"));
    }
    String params = params(query);
    model.put("csvHref", "/api/v1/reports/attendance?" + params + "&format=csv&lang=" + language);
    model.put("printHref", PATH + "/print?" + params);
    model.put("screenHref", PATH + "?" + params);
    model.put("presets", presets(reports.today(), query, texts));
    return model;
  }

  private static List<Map<String, String>> tiles(ReportLine total, Function<String, String> texts,
      NumberFormat decimals) {
    Map<String, String> figures = new LinkedHashMap<>();
    figures.put("sittingsHeld", Integer.toString(total.sittingsHeld()));
    figures.put("presentAtHome", Integer.toString(total.presentAtHome()));
    figures.put("presentInRooms", Integer.toString(total.presentInRooms()));
    figures.put("noShows", Integer.toString(total.noShows()));
    figures.put("stayMinutes", decimals.format(ReportFormats.round(total.stayMinutes())));
    figures.put("newHouseholds", Integer.toString(total.newHouseholds()));
    figures.put("householdsSeenAgain", Integer.toString(total.householdsSeenAgain()));
    return figures.entrySet().stream().map(figure -> Map.of("label",
        texts.apply("staff_reports_col_" + figure.getKey()), "value", figure.getValue())).toList();
  }

  /** This month, last month, this year: the spans a coordinator reports on most. */
  private static List<Map<String, String>> presets(LocalDate today, ReportQuery query,
      Function<String, String> texts) {
    LocalDate month = today.withDayOfMonth(1);
    LocalDate lastMonth = month.minusMonths(1);
    return List.of(
        preset(texts.apply("staff_reports_preset_this_month"), month, today, ReportQuery.By.SITTING, query),
        preset(texts.apply("staff_reports_preset_last_month"), lastMonth, month.minusDays(1), ReportQuery.By.CLASS,
            query),
        preset(texts.apply("staff_reports_preset_this_year"), today.withDayOfYear(1), today, ReportQuery.By.MONTH,
            query));
  }

  private static Map<String, String> preset(String label, LocalDate from, LocalDate to, ReportQuery.By by,
      ReportQuery query) {
    return Map.of("label", label, "href", PATH + "?" + params(new ReportQuery(from, to, query.centreId(), by)));
  }

  private static String params(ReportQuery query) {
    String params = "from=" + query.from() + "&to=" + query.to() + "&by=" + query.by().param();
    return query.centreId() == null ? params
        : params + "&centre=" + URLEncoder.encode(query.centreId().toString(), StandardCharsets.UTF_8);
  }
}
