package org.relais.hub.reports;

import java.util.List;
import java.util.Locale;

/**
 * A report's lines as a bar chart drawn on the server: one bar per line, the families present at home and
 * the people in the centres' rooms end to end. SVG needs no script, scales to a phone and prints sharp; the
 * page's table holds the same figures for whoever does not see the chart. Pure computation.
 */
public final class ReportChart {
  /** One bar: its name, and its two parts. */
  public record Bar(String label, int atHome, int inRooms) {}

  private static final int WIDTH = 480;
  /** Longer names are cut: the table below gives them whole. */
  private static final int LABEL_CHARS = 56;
  private static final int ROW = 40;
  private static final int TOP = 8;
  private static final int LABEL_HEIGHT = 15;
  private static final int BAR_HEIGHT = 16;
  private static final int VALUE_ROOM = 72;

  private ReportChart() {}

  /**
   * The chart's SVG element; {@code title} names it for a screen reader, {@code homeLabel} and
   * {@code roomsLabel} the two parts in its legend.
   */
  public static String svg(List<Bar> bars, String title, String homeLabel, String roomsLabel) {
    int max = bars.stream().mapToInt(bar -> bar.atHome() + bar.inRooms()).max().orElse(0);
    int height = TOP + ROW * bars.size() + 30;
    double scale = max == 0 ? 0 : (WIDTH - VALUE_ROOM) / (double) max;
    StringBuilder svg = new StringBuilder()
        .append("<svg class=\"report-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(height).append("\" role=\"img\" aria-labelledby=\"report-chart-title\">")
        .append("<title id=\"report-chart-title\">").append(escape(title)).append("</title>");
    int y = TOP;
    for (Bar bar : bars) {
      double home = bar.atHome() * scale;
      double rooms = bar.inRooms() * scale;
      svg.append("<text class=\"report-chart-label\" x=\"0\" y=\"").append(y + LABEL_HEIGHT - 3).append("\">")
          .append(escape(shortened(bar.label()))).append("</text>");
      int barY = y + LABEL_HEIGHT;
      svg.append(rect("report-chart-home", 0, barY, home));
      svg.append(rect("report-chart-rooms", home, barY, rooms));
      svg.append("<text class=\"report-chart-value\" x=\"").append(format(home + rooms + 4)).append("\" y=\"")
          .append(barY + BAR_HEIGHT - 3).append("\">").append(bar.atHome()).append(" + ").append(bar.inRooms())
          .append("</text>");
      y += ROW;
    }
    int legend = y + 12;
    svg.append("<rect class=\"report-chart-home\" x=\"0\" y=\"").append(legend).append("\" width=\"12\" height=\"12\"/>")
        .append("<text class=\"report-chart-label\" x=\"16\" y=\"").append(legend + 11).append("\">")
        .append(escape(homeLabel)).append("</text>")
        .append("<rect class=\"report-chart-rooms\" x=\"200\" y=\"").append(legend)
        .append("\" width=\"12\" height=\"12\"/>")
        .append("<text class=\"report-chart-label\" x=\"216\" y=\"").append(legend + 11).append("\">")
        .append(escape(roomsLabel)).append("</text>");
    return svg.append("</svg>").toString();
  }

  private static String shortened(String label) {
    return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1).strip() + "…";
  }

  private static String rect(String css, double x, int y, double width) {
    return width <= 0 ? "" : "<rect class=\"" + css + "\" x=\"" + format(x) + "\" y=\"" + y + "\" width=\""
        + format(width) + "\" height=\"" + BAR_HEIGHT + "\"/>";
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
