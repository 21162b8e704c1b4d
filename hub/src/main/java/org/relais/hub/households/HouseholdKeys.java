package org.relais.hub.households;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;
import java.util.Optional;

/**
 * Which registrations are one household: those with the same phone number, or, for those without one, the
 * same e-mail address, each normalised (a number in E.164, an address trimmed and in lower case). The phone
 * wins because families share a phone more often than an address, and an SMS reaches them. The key is
 * computed the same way in Java ({@link #of}) and in SQL ({@link #sql}), so that reports can group
 * registrations by household in the database; registrations store their phone in E.164 already.
 */
public final class HouseholdKeys {
  /** Where a number typed without its country code is read from. */
  public static final String REGION = "FR";
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private HouseholdKeys() {}

  /** The household of a registration with this phone and e-mail (either may be null); empty with neither. */
  public static Optional<String> of(String phone, String email) {
    Optional<String> byPhone = phone(phone).map(number -> "tel:" + number);
    return byPhone.isPresent() ? byPhone : email(email).map(address -> "mail:" + address);
  }

  /** {@code raw} in E.164, if it reads as a valid number. */
  public static Optional<String> phone(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      var number = PHONES.parse(raw, REGION);
      return PHONES.isValidNumber(number)
          ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)) : Optional.empty();
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** {@code raw} trimmed and in lower case, if it is an address at all. */
  public static Optional<String> email(String raw) {
    if (raw == null || raw.isBlank() || raw.indexOf('@') < 0) {
      return Optional.empty();
    }
    return Optional.of(raw.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The same key as {@link #of}, as an SQL expression over the stored {@code phone} and {@code email} columns
   * of the registrations aliased {@code alias} (PostgreSQL and H2); NULL for a registration with neither.
   */
  public static String sql(String alias) {
    return "CASE WHEN " + alias + ".phone IS NOT NULL THEN 'tel:' || " + alias + ".phone"
        + " WHEN " + alias + ".email IS NOT NULL THEN 'mail:' || LOWER(TRIM(" + alias + ".email)) END";
  }
}
