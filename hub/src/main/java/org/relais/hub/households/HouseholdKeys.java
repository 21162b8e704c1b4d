package org.relais.hub.households;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes registrations one household: the same phone number (E.164, read as French without a +) or, for
 * those without a phone, the same e-mail address (trimmed, lower case). Depends on nothing but libphonenumber.
 */
public final class HouseholdKeys {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final String REGION = "FR";
  /** What the hub stores (registrations keep E.164): taken as it is, since parsing it again changes nothing. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private HouseholdKeys() {}

  /** The household key of a registration's contact: by phone first, else by e-mail; none without either. */
  public static Optional<String> of(String phone, String email) {
    String byPhone = phone(phone);
    if (byPhone != null) {
      return Optional.of("tel:" + byPhone);
    }
    String byEmail = email(email);
    return byEmail == null ? Optional.empty() : Optional.of("mail:" + byEmail);
  }

  /** A phone number in E.164; null for none, or for what no phone number could be. */
  public static String phone(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (E164.matcher(raw).matches()) {
      return raw;
    }
    try {
      return UTIL.format(UTIL.parse(raw, REGION), PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      return null;
    }
  }

  public static String email(String raw) {
    return raw == null || raw.isBlank() ? null : raw.strip().toLowerCase(Locale.ROOT);
  }

  /** The same key as an SQL expression over the registrations' columns (phones are stored in E.164 already). */
  public static String sql(String alias) {
    return "CASE WHEN " + alias + ".phone IS NOT NULL THEN 'tel:' || " + alias + ".phone WHEN " + alias
        + ".email IS NOT NULL THEN 'mail:' || LOWER(TRIM(" + alias + ".email)) END";
  }
}
