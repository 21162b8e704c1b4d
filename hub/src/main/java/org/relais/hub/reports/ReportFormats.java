package org.relais.hub.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.relais.hub.pages.SpreadsheetCsv;

/**
 * A report as JSON and as a spreadsheet file, with the same figures: the lines in order, then the total.
 * Averages are rounded to one decimal in both. Pure computation.
 */
public final class ReportFormats {
  /** The figures' columns, in order; a column's title is {@code staff_reports_col_<name>}. */
  public static final List<String> FIGURES = List.of("sittingsHeld", "registrations", "presentAtHome",
      "presentInRooms", "checkIns", "noShows", "stayMinutes", "newHouseholds", "householdsSeenAgain", "helpAsked",
      "helpTaken", "helpAnswerSeconds");

  private ReportFormats() {}

  /** What names a line of a report by {@code by}: the columns before the figures. */
  public static List<String> labels(ReportQuery.By by) {
    return switch (by) {
      case SITTING -> List.of("date", "class", "centre", "theme");
      case CLASS -> List.of("class", "centre", "theme");
      case CENTRE -> List.of("centre");
      case THEME -> List.of("theme");
      case MONTH -> List.of("month");
      case TOTAL -> List.of();
    };
  }

  public static JsonObject json(Report report, int presentPercent) {
    ReportQuery query = report.query();
    JsonObject json = new JsonObject().put("from", query.from().toString()).put("to", query.to().toString())
        .put("by", query.by().param()).put("presentPercent", presentPercent);
    if (query.centreId() != null) {
      json.put("centre", query.centreId().toString());
    }
    JsonArray lines = new JsonArray();
    report.lines().forEach(line -> lines.add(json(line)));
    return json.put("lines", lines).put("total", figures(report.total()));
  }

  private static JsonObject json(ReportLine line) {
    JsonObject json = new JsonObject().put("key", line.key());
    if (line.date() != null) {
      json.put("date", line.date().toString());
    }
    if (line.sessionId() != null) {
      json.put("sessionId", line.sessionId().toString()).put("class", line.title());
    }
    if (line.centreId() != null) {
      json.put("centreId", line.centreId().toString()).put("centre", line.centre());
    }
    if (line.theme() != null) {
      json.put("theme", line.theme());
    }
    if (line.month() != null) {
      json.put("month", line.month());
    }
    return json.put("figures", figures(line));
  }

  private static JsonObject figures(ReportLine line) {
    return new JsonObject().put("sittingsHeld", line.sittingsHeld()).put("registrations", line.registrations())
        .put("presentAtHome", line.presentAtHome()).put("presentInRooms", line.presentInRooms())
        .put("checkIns", line.checkIns()).put("noShows", line.noShows()).put("stayMinutes", round(line.stayMinutes()))
        .put("newHouseholds", line.newHouseholds()).put("householdsSeenAgain", line.householdsSeenAgain())
        .put("helpAsked", line.helpAsked()).put("helpTaken", line.helpTaken())
        .put("helpAnswerSeconds", round(line.helpAnswerSeconds()));
  }

  /** One decimal: what a report shows. */
  public static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  /**
   * The spreadsheet file; {@code texts} gives the column titles ({@code staff_reports_col_<column>}), the
   * themes ({@code category_<THEME>}) and the total's name ({@code staff_reports_total}).
   */
  public static String csv(Report report, Function<String, String> texts, String language) {
    NumberFormat decimals = NumberFormat.getNumberInstance(Locale.forLanguageTag(language));
    decimals.setMaximumFractionDigits(1);
    decimals.setGroupingUsed(false);
    List<String> labels = labels(report.query().by());
    SpreadsheetCsv out = SpreadsheetCsv.forLanguage(language);
    List<String> header = new ArrayList<>();
    labels.forEach(label -> header.add(texts.apply("staff_reports_col_" + label)));
    FIGURES.forEach(figure -> header.add(texts.apply("staff_reports_col_" + figure)));
    out.line(header);
    for (ReportLine line : report.lines()) {
      List<String> cells = new ArrayList<>();
      labels.forEach(label -> cells.add(label(line, label, texts)));
      cells.addAll(cells(line, decimals));
      out.line(cells);
    }
    List<String> total = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      total.add(i == 0 ? texts.apply("staff_reports_total") : "");
    }
    total.addAll(cells(report.total(), decimals));
    return out.line(total).toString();
  }

  /** A line's name in one of the {@link #labels} columns, in the reader's language. */
  public static String label(ReportLine line, String column, Function<String, String> texts) {
    return switch (column) {
      case "date" -> line.date().toString();
      case "class" -> line.title();
      case "centre" -> line.centre();
      case "theme" -> texts.apply("category_" + line.theme());
      case "month" -> line.month();
      default -> throw new IllegalArgumentException(column);
    };
  }

  /** The figures of a line as a page or a file shows them. */
  public static List<String> cells(ReportLine line, NumberFormat decimals) {
    return List.of(Integer.toString(line.sittingsHeld()), Integer.toString(line.registrations()),
        Integer.toString(line.presentAtHome()), Integer.toString(line.presentInRooms()),
        Integer.toString(line.checkIns()), Integer.toString(line.noShows()),
        decimals.format(round(line.stayMinutes())), Integer.toString(line.newHouseholds()),
        Integer.toString(line.householdsSeenAgain()), Integer.toString(line.helpAsked()),
        Integer.toString(line.helpTaken()), decimals.format(round(line.helpAnswerSeconds())));
  }
}
