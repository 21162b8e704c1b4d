package org.relais.hub.privacy;

import java.time.Duration;
import org.relais.hub.config.ConfigValues;

/**
 * How long a household's personal data is kept after its last sitting, in months, and how often the retention
 * job looks for what is due.
 */
public record PrivacyConfig(int retentionMonths, Duration retentionEvery) {
  public PrivacyConfig {
    if (retentionMonths < 1 || retentionMonths > 120) {
      throw new IllegalArgumentException("privacy.retentionMonths must be between 1 and 120");
    }
    if (retentionEvery.isNegative() || retentionEvery.isZero()) {
      throw new IllegalArgumentException("privacy.retentionEvery must be positive");
    }
  }

  public static PrivacyConfig from(ConfigValues values) {
    return new PrivacyConfig(values.integer("privacy.retentionMonths", 1, 120),
        values.duration("privacy.retentionEvery"));
  }
}
