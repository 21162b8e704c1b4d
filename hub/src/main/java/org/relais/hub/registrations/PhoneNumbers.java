package org.relais.hub.registrations;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.relais.hub.validation.InvalidFieldException;

/** Phone numbers as families type them ("06 12 34 56 78"), stored in E.164 ("+33612345678") for SMS. */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** The E.164 form of {@code raw}, read as a number of {@code region} unless it starts with +; null stays null. */
  public static String e164(String field, String raw, String region) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      PhoneNumber number = UTIL.parse(raw, region);
      if (!UTIL.isValidNumber(number)) {
        throw new InvalidFieldException(field, field + " is not a valid phone number");
      }
      return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      throw new InvalidFieldException(field, field + " is not a phone number");
    }
  }

  /** A stored number as one dials it from {@code region}: "06 12 34 56 78" in France, "00 44 …" for a UK number. */
  public static String forDialling(String e164, String region) {
    try {
      return UTIL.formatOutOfCountryCallingNumber(UTIL.parse(e164, region), region);
    } catch (NumberParseException e) {
      return e164;
    }
  }
}
