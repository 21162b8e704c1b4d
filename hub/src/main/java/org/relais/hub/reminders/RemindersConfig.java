package org.relais.hub.reminders;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * How the outbox's worker delivers: how often it looks, how many it takes at once, how long its lease on them
 * lasts, how it retries, when texts wait for the morning, and how many texts a centre sends a day by default.
 */
public record RemindersConfig(boolean workerEnabled, Duration pollInterval, int batchSize, Duration lease,
    int maxAttempts, Duration retryFirst, Duration retryMax, LocalTime quietFrom, LocalTime quietUntil,
    int smsDailyCap, Duration horizon, Duration planInterval) {

  public RemindersConfig {
    if (lease.compareTo(Duration.ofSeconds(30)) < 0) {
      throw new ConfigException("outbox.lease", "must be at least 30 seconds (longer than a provider's answer)");
    }
    if (retryMax.compareTo(retryFirst) < 0) {
      throw new ConfigException("outbox.retryMax", "must not be shorter than outbox.retryFirst");
    }
    if (horizon.compareTo(Duration.ofHours(25)) < 0) {
      throw new ConfigException("outbox.horizon", "must be at least 25 hours, for the day-before reminder");
    }
  }

  public static RemindersConfig from(ConfigValues values) {
    return new RemindersConfig(values.bool("outbox.worker"), values.duration("outbox.pollInterval"),
        values.integer("outbox.batchSize", 1, 10_000), values.duration("outbox.lease"),
        values.integer("outbox.maxAttempts", 1, 100), values.duration("outbox.retryFirst"),
        values.duration("outbox.retryMax"), time(values, "sms.quietFrom"), time(values, "sms.quietUntil"),
        values.integer("sms.dailyCap", 0, 1_000_000), values.duration("outbox.horizon"),
        values.duration("outbox.planInterval"));
  }

  private static LocalTime time(ConfigValues values, String key) {
    String raw = values.string(key);
    try {
      return LocalTime.parse(raw);
    } catch (DateTimeParseException e) {
      throw new ConfigException(key, "must be a time of day such as 21:00, got '" + raw + "'");
    }
  }
}
