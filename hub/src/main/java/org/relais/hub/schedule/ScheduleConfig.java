package org.relais.hub.schedule;

import java.time.Duration;
import java.time.ZoneId;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/** Time zone of the schedule, default page language and cache lifetime. */
public record ScheduleConfig(ZoneId zone, String defaultLanguage, Duration cacheTtl) {

  public ScheduleConfig {
    if (!defaultLanguage.equals("fr") && !defaultLanguage.equals("en")) {
      throw new ConfigException("schedule.defaultLanguage", "must be fr or en, got '" + defaultLanguage + "'");
    }
  }

  public static ScheduleConfig from(ConfigValues values) {
    return new ScheduleConfig(values.zone("schedule.zone"), values.string("schedule.defaultLanguage"),
        values.duration("schedule.cacheTtl"));
  }
}
