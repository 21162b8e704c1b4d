package org.relais.hub.privacy;

import java.time.Duration;
import org.relais.hub.config.ConfigValues;

/**
 * How long a household's personal data is kept after its last sitting, in months (check-in names as long after
 * their sitting), how often the retention job looks for what is due, and how long the privacy log keeps its
 * entries, in months.
 */
public record PrivacyConfig(int retentionMonths, Duration retentionEvery, int logMonths) {
  public PrivacyConfig {
    if (retentionMonths < 1 || retentionMonths > 120) {
      throw new IllegalArgumentException("privacy.retentionMonths must be between 1 and 120");
    }
    if (retentionEvery.isNegative() || retentionEvery.isZero()) {
      throw new IllegalArgumentException("privacy.retentionEvery must be positive");
    }
    if (logMonths < 6 || logMonths > 240) {
      throw new IllegalArgumentException("privacy.logMonths must be between 6 and 240");
    }
  }

  public static PrivacyConfig from(ConfigValues values) {
    return new PrivacyConfig(values.integer("privacy.retentionMonths", 1, 120),
        values.duration("privacy.retentionEvery"), values.integer("privacy.logMonths", 6, 240));
  }
}
