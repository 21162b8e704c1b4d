package org.relais.hub.sms;

import java.util.Optional;

/** Phone numbers as people type them in France ("06 12 34 56 78", "+33 6 12…", "0033 6…"), in E.164 form. */
public final class PhoneNumbers {
  private PhoneNumbers() {}

  public static Optional<String> e164(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    String compact = typed.replaceAll("[\\s.\\-()/]", "");
    if (compact.startsWith("00")) {
      compact = "+" + compact.substring(2);
    }
    if (compact.matches("0[1-9][0-9]{8}")) {
      compact = "+33" + compact.substring(1);
    }
    return compact.matches("\\+[1-9][0-9]{6,14}") ? Optional.of(compact) : Optional.empty();
  }
}
