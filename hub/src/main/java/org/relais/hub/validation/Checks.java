package org.relais.hub.validation;

import java.util.regex.Pattern;

/** Invariant checks shared by the domain records; each failure names the field. */
public final class Checks {
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\n\\t\\r]]");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

  private Checks() {}

  /** A required single-line text: trimmed, non-blank, within {@code max} characters, no control characters. */
  public static String text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidFieldException(field, field + " is required");
    }
    return optionalText(field, value, max);
  }

  /** An optional text: null stays null, blank becomes null, otherwise as {@link #text}. */
  public static String optionalText(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String stripped = value.strip();
    if (stripped.length() > max) {
      throw new InvalidFieldException(field, field + " must be at most " + max + " characters");
    }
    if (CONTROL.matcher(stripped).find()) {
      throw new InvalidFieldException(field, field + " must not contain control characters");
    }
    return stripped;
  }

  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidFieldException(field, field + " must be between " + min + " and " + max);
    }
    return value;
  }

  public static <T> T required(String field, T value) {
    if (value == null) {
      throw new InvalidFieldException(field, field + " is required");
    }
    return value;
  }

  public static String email(String field, String value) {
    String email = text(field, value, 254).toLowerCase(java.util.Locale.ROOT);
    if (!EMAIL.matcher(email).matches()) {
      throw new InvalidFieldException(field, field + " is not a valid e-mail address");
    }
    return email;
  }

  /** Parses an id sent by a client; a malformed one is refused naming {@code field}. */
  public static java.util.UUID uuid(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return java.util.UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, field + " is not a valid id");
    }
  }

  /** Parses an enum constant sent by a client; an unknown one is refused naming {@code field}. */
  public static <E extends Enum<E>> E enumValue(String field, Class<E> type, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }

  /** Parses an ISO-8601 date-time with offset sent by a client. */
  public static java.time.Instant instant(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidFieldException(field,
          field + " must be a date-time with offset, such as 2026-11-23T14:00:00+01:00");
    }
  }
}
