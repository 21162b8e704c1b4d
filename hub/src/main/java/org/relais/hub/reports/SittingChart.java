package org.relais.hub.reports;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The head count of a sitting's rooms over time, as a step line per room drawn on the server (SVG: no script,
 * scales to a phone, prints sharp). Lines differ by colour and by dash, so that they are told apart without
 * colour; the page's table gives the same figures. The sitting's planned start and end are marked. Pure
 * computation.
 */
final class SittingChart {
  private static final int WIDTH = 480;
  private static final int HEIGHT = 220;
  private static final int LEFT = 34;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 30;
  private static final int LEGEND_ROW = 24;
  /** The lines' looks, in turn: more rooms than this take them again. */
  private static final int LOOKS = 4;

  private SittingChart() {}

  /** The chart's SVG element; {@code title} names it for a screen reader. */
  static String svg(List<SittingReport.Room> rooms, Instant start, Instant end, ZoneId zone, String title) {
    Instant from = rooms.stream().flatMap(r -> r.steps().stream()).map(SittingReport.Step::at)
        .filter(at -> at.isBefore(start)).min(Instant::compareTo).orElse(start);
    Instant to = rooms.stream().flatMap(r -> r.steps().stream()).map(SittingReport.Step::at)
        .filter(at -> at.isAfter(end)).max(Instant::compareTo).orElse(end);
    int max = Math.max(1, rooms.stream().flatMap(r -> r.steps().stream()).mapToInt(SittingReport.Step::count)
        .max().orElse(1));
    int plotBottom = HEIGHT - BOTTOM;
    int height = HEIGHT + LEGEND_ROW * rooms.size();
    Scale x = at -> LEFT + (WIDTH - LEFT - RIGHT) * (double) (at.toEpochMilli() - from.toEpochMilli())
        / Math.max(1, to.toEpochMilli() - from.toEpochMilli());
    DateTimeFormatter hours = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    StringBuilder svg = new StringBuilder()
        .append("<svg class=\"sitting-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(height).append("\" role=\"img\" aria-labelledby=\"sitting-chart-title\">")
        .append("<title id=\"sitting-chart-title\">").append(ReportChart.escape(title)).append("</title>");
    // Axes: the head count up the left, the time along the bottom, the sitting's start and end marked.
    svg.append(line("sitting-chart-axis", LEFT, TOP, LEFT, plotBottom))
        .append(line("sitting-chart-axis", LEFT, plotBottom, WIDTH - RIGHT, plotBottom))
        .append(text("sitting-chart-label end", LEFT - 6, plotBottom + 5, "0"))
        .append(text("sitting-chart-label end", LEFT - 6, y(max, max) + 5, Integer.toString(max)))
        .append(line("sitting-chart-grid", LEFT, y(max, max), WIDTH - RIGHT, y(max, max)));
    for (Instant mark : List.of(start, end)) {
      double at = x.of(mark);
      // A time at either end of the axis is written inward, so that it is not cut.
      String anchor = at < LEFT + 30 ? "start" : at > WIDTH - RIGHT - 30 ? "end" : "middle";
      svg.append(line("sitting-chart-mark", at, TOP, at, plotBottom))
          .append(text("sitting-chart-label " + anchor, at, plotBottom + 20, hours.format(mark.atZone(zone))));
    }
    int look = 0;
    int legend = HEIGHT;
    for (SittingReport.Room room : rooms) {
      String css = "sitting-chart-line look-" + (look % LOOKS);
      StringBuilder path = new StringBuilder("M").append(format(x.of(from))).append(' ').append(format(y(0, max)));
      for (SittingReport.Step step : room.steps()) {
        double at = x.of(step.at());
        path.append(" H").append(format(at)).append(" V").append(format(y(Math.max(0, step.count()), max)));
      }
      path.append(" H").append(format(x.of(to)));
      svg.append("<path class=\"").append(css).append("\" d=\"").append(path).append("\"/>");
      svg.append(line(css, 0, legend + 10, 28, legend + 10))
          .append(text("sitting-chart-label", 36, legend + 16, room.name() + " · " + room.peak()));
      legend += LEGEND_ROW;
      look++;
    }
    return svg.append("</svg>").toString();
  }

  private interface Scale {
    double of(Instant at);
  }

  private static double y(int count, int max) {
    return TOP + (HEIGHT - BOTTOM - TOP) * (1 - count / (double) max);
  }

  private static String line(String css, double x1, double y1, double x2, double y2) {
    return "<line class=\"" + css + "\" x1=\"" + format(x1) + "\" y1=\"" + format(y1) + "\" x2=\"" + format(x2)
        + "\" y2=\"" + format(y2) + "\"/>";
  }

  private static String text(String css, double x, double y, String content) {
    return "<text class=\"" + css + "\" x=\"" + format(x) + "\" y=\"" + format(y) + "\">"
        + ReportChart.escape(content) + "</text>";
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
