package org.relais.hub.reports;

import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * Attendance reports: the share of a sitting a family must have stayed, at home, to count as present, in
 * percent; and the longest span one report may cover, in days.
 */
public record ReportsConfig(int presentPercent, int maxDays) {
  public ReportsConfig {
    if (presentPercent < 1 || presentPercent > 100) {
      throw new ConfigException("reports.presentPercent", "must be from 1 to 100");
    }
    if (maxDays < 1 || maxDays > 3660) {
      throw new ConfigException("reports.maxDays", "must be from 1 to 3660");
    }
  }

  public double presentShare() {
    return presentPercent / 100.0;
  }

  public static ReportsConfig from(ConfigValues values) {
    return new ReportsConfig(values.integer("reports.presentPercent", 1, 100),
        values.integer("reports.maxDays", 1, 3660));
  }
}
