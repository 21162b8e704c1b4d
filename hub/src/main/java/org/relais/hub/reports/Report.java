package org.relais.hub.reports;

import java.util.List;

/** A report's lines, in order, and the whole span's total (its own line: households do not add up). */
public record Report(ReportQuery query, List<ReportLine> lines, ReportLine total) {
  public Report {
    lines = List.copyOf(lines);
  }
}
