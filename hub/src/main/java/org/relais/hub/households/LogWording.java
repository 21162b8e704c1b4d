package org.relais.hub.households;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.relais.hub.staffapp.StaffPages;

/**
 * A privacy log entry's subject and detail, kept as "key=value" words so that they never hold a name or a contact,
 * said as a data protection officer reads them: "Séance du 1 déc. 2026" linking to its attendance, "4 semaines sans
 * venir, 3 foyers". A word the page has no sentence for is shown as it was written.
 */
final class LogWording {
  /** A piece of the subject: its words, and the page it names (null when there is none to open). */
  record Part(String text, String href) {}

  private final Map<String, String> texts;
  private final Locale locale;
  private final ZoneId zone;

  LogWording(Map<String, String> texts, Locale locale, ZoneId zone) {
    this.texts = texts;
    this.locale = locale;
    this.zone = zone;
  }

  List<Part> subject(String raw) {
    Map<String, String> words = words(raw);
    List<Part> parts = new ArrayList<>();
    String session = words.remove("session");
    String date = words.remove("date");
    if (session != null && date != null && isId(session) && isDate(date)) {
      parts.add(new Part(format("staff_privacy_subject_sitting", DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM)
          .withLocale(locale).format(LocalDate.parse(date))), "/staff/reports/sittings/" + session + "/" + date));
    } else {
      putBack(words, "session", session);
      putBack(words, "date", date);
    }
    words.forEach((key, value) -> {
      if (key.equals("class") && isId(value)) {
        parts.add(new Part(texts.get("staff_privacy_subject_class"), "/staff/classes/" + value));
      } else if (key.equals("household") && value != null) {
        parts.add(new Part(format("staff_privacy_subject_household", value), null));
      } else {
        parts.add(new Part(said(key, value), null));
      }
    });
    return parts;
  }

  String detail(String raw) {
    return words(raw).entrySet().stream().map(word -> said(word.getKey(), word.getValue()))
        .collect(Collectors.joining(", "));
  }

  private String said(String key, String value) {
    if (value == null) {
      return key;
    }
    if (value.matches("[0-9]{1,9}") && texts.containsKey("staff_privacy_detail_" + key)) {
      return format("staff_privacy_detail_" + key, Integer.parseInt(value));
    }
    return switch (key) {
      case "channel" -> texts.getOrDefault("staff_privacy_detail_channel_" + value, asWritten(key, value));
      case "theme" -> texts.containsKey("category_" + value)
          ? format("staff_privacy_detail_theme", texts.get("category_" + value)) : asWritten(key, value);
      case "action" -> texts.containsKey("staff_privacy_action_" + value)
          ? format("staff_privacy_detail_action", texts.get("staff_privacy_action_" + value)) : asWritten(key, value);
      case "before" -> before(value);
      default -> asWritten(key, value);
    };
  }

  private String before(String value) {
    try {
      return format("staff_privacy_detail_before", StaffPages.dateTime(locale)
          .format(Instant.parse(value).atZone(zone)));
    } catch (DateTimeParseException notAnInstant) {
      return asWritten("before", value);
    }
  }

  private String format(String key, Object value) {
    return new MessageFormat(texts.get(key), locale).format(new Object[] {value});
  }

  private static String asWritten(String key, String value) {
    return value == null ? key : key + "=" + value;
  }

  /** The "key=value" words of {@code raw} in order; a word without "=" keeps a null value. */
  private static Map<String, String> words(String raw) {
    Map<String, String> words = new LinkedHashMap<>();
    if (raw == null || raw.isBlank()) {
      return words;
    }
    for (String word : raw.strip().split("\\s+")) {
      int equals = word.indexOf('=');
      words.put(equals < 0 ? word : word.substring(0, equals), equals < 0 ? null : word.substring(equals + 1));
    }
    return words;
  }

  private static void putBack(Map<String, String> words, String key, String value) {
    if (value != null) {
      words.put(key, value);
    }
  }

  private static boolean isId(String value) {
    try {
      UUID.fromString(value);
      return true;
    } catch (IllegalArgumentException | NullPointerException notAnId) {
      return false;
    }
  }

  private static boolean isDate(String value) {
    try {
      LocalDate.parse(value);
      return true;
    } catch (DateTimeParseException notADate) {
      return false;
    }
  }
}
