package org.relais.hub.join;

import biweekly.Biweekly;
import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.DaylightSavingsTime;
import biweekly.component.Observance;
import biweekly.component.StandardTime;
import biweekly.component.VAlarm;
import biweekly.component.VEvent;
import biweekly.component.VTimezone;
import biweekly.io.TimezoneAssignment;
import biweekly.parameter.Related;
import biweekly.property.Trigger;
import biweekly.util.DateTimeComponents;
import biweekly.util.DayOfWeek;
import biweekly.util.Frequency;
import biweekly.util.Recurrence;
import biweekly.util.UtcOffset;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.IntStream;

/**
 * iCalendar (RFC 5545) files for a registration: the class with its join link, in the schedule's time
 * zone (with its VTIMEZONE, so a weekly 18:00 stays at 18:00 after a clock change), and a reminder
 * 15 minutes before.
 */
public final class CalendarFiles {
  static final String PRODUCT_ID = "-//Relais//Relais hub//FR";

  private final ZoneId zone;
  private final TimezoneAssignment timezone;

  public CalendarFiles(ZoneId zone) {
    this.zone = zone;
    this.timezone = new TimezoneAssignment(TimeZone.getTimeZone(zone), vtimezone(zone));
  }

  public String write(CalendarEvent event) {
    ICalendar ical = new ICalendar();
    ical.setProductId(PRODUCT_ID);
    ical.getTimezoneInfo().setDefaultTimezone(timezone);
    VEvent vevent = new VEvent();
    vevent.setUid(event.uid());
    vevent.setSummary(event.title());
    vevent.setDescription(event.description());
    vevent.setLocation(event.location());
    vevent.setUrl(event.url());
    vevent.setDateStart(Date.from(event.start()));
    vevent.setDateEnd(Date.from(event.end()));
    if (event.recurrence() != null) {
      Recurrence.Builder rule = new Recurrence.Builder(Frequency.WEEKLY)
          .until(Date.from(event.lastStart()), true);
      event.weekdayCodes().forEach(code -> rule.byDay(DayOfWeek.valueOfAbbr(code)));
      vevent.setRecurrenceRule(rule.build());
    }
    vevent.addAlarm(VAlarm.display(new Trigger(new biweekly.util.Duration.Builder().prior(true).minutes(15).build(),
        Related.START), event.title()));
    ical.addEvent(vevent);
    return Biweekly.write(ical).version(ICalVersion.V2_0).go();
  }

  /** A VTIMEZONE derived from Java's rules: one yearly observance per transition rule of the zone. */
  public static VTimezone vtimezone(ZoneId zone) {
    VTimezone component = new VTimezone(zone.getId());
    ZoneRules rules = zone.getRules();
    List<ZoneOffsetTransitionRule> transitions = rules.getTransitionRules();
    if (transitions.isEmpty()) {
      ZoneOffset offset = rules.getOffset(java.time.Instant.EPOCH);
      StandardTime fixed = new StandardTime();
      fixed.setDateStart(new DateTimeComponents(1970, 1, 1, 0, 0, 0, false));
      fixed.setTimezoneOffsetFrom(utc(offset));
      fixed.setTimezoneOffsetTo(utc(offset));
      component.addStandardTime(fixed);
      return component;
    }
    for (ZoneOffsetTransitionRule rule : transitions) {
      Observance observance = rule.getOffsetAfter().getTotalSeconds() > rule.getStandardOffset().getTotalSeconds()
          ? new DaylightSavingsTime() : new StandardTime();
      LocalDateTime first = rule.createTransition(1970).getDateTimeBefore();
      observance.setDateStart(new DateTimeComponents(first.getYear(), first.getMonthValue(), first.getDayOfMonth(),
          first.getHour(), first.getMinute(), first.getSecond(), false));
      observance.setTimezoneOffsetFrom(utc(rule.getOffsetBefore()));
      observance.setTimezoneOffsetTo(utc(rule.getOffsetAfter()));
      observance.setRecurrenceRule(yearly(rule));
      if (observance instanceof DaylightSavingsTime daylight) {
        component.addDaylightSavingsTime(daylight);
      } else {
        component.addStandardTime((StandardTime) observance);
      }
    }
    return component;
  }

  /** "The first {day} on or after day N of the month" is exactly BYDAY={day} with BYMONTHDAY=N..N+6. */
  private static Recurrence yearly(ZoneOffsetTransitionRule rule) {
    Recurrence.Builder builder = new Recurrence.Builder(Frequency.YEARLY).byMonth(rule.getMonth().getValue());
    int indicator = rule.getDayOfMonthIndicator();
    if (rule.getDayOfWeek() == null) {
      return builder.byMonthDay(indicator).build();
    }
    List<Integer> days = new ArrayList<>();
    if (indicator > 0) {
      IntStream.rangeClosed(indicator, Math.min(indicator + 6, 31)).forEach(days::add);
    } else {
      // A negative indicator counts from the end: "on or before the last day (-1)", and so on.
      IntStream.rangeClosed(indicator - 6, indicator).forEach(days::add);
    }
    return builder.byDay(DayOfWeek.valueOfAbbr(rule.getDayOfWeek().name().substring(0, 2))).byMonthDay(days).build();
  }

  private static UtcOffset utc(ZoneOffset offset) {
    return new UtcOffset(offset.getTotalSeconds() * 1000L);
  }

  public ZoneId zone() {
    return zone;
  }
}
