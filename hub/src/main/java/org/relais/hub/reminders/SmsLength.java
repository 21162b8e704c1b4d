package org.relais.hub.reminders;

/**
 * How many parts a text takes. A text of GSM-7 characters only fits 160 of them in one part (153 a part when
 * split, extended characters such as € counting twice); one other character (any Arabic letter, ê, ç, «) turns
 * the whole text into UCS-2: 70 characters in one part, 67 a part when split. So an Arabic reminder takes two
 * parts as soon as it is longer than 70 characters, which a reminder with a link always is.
 */
public final class SmsLength {
  private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENDED = "^{}\\[~]|€\f";

  private SmsLength() {}

  /** Whether every character is in the GSM-7 alphabet (its basic set or its extension). */
  public static boolean isGsm7(String text) {
    return text.codePoints().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENDED.indexOf(c) >= 0);
  }

  /** The length as a GSM-7 text counts it (an extended character takes two), or in UTF-16 units for UCS-2. */
  public static int units(String text) {
    if (!isGsm7(text)) {
      return text.length();
    }
    return text.codePoints().map(c -> EXTENDED.indexOf(c) >= 0 ? 2 : 1).sum();
  }

  public static int parts(String text) {
    int units = units(text);
    boolean gsm = isGsm7(text);
    int single = gsm ? 160 : 70;
    int each = gsm ? 153 : 67;
    return units <= single ? 1 : (units + each - 1) / each;
  }
}
