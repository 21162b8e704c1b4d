package org.relais.hub.sites;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** Makes and hashes the secrets of relay-sites: enrolment codes people type, credentials programs keep. */
final class SiteSecrets {
  /** No 0/O, 1/I/L, U: a code read aloud over the phone or typed on a mini PC's keyboard. */
  private static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SiteSecrets() {}

  /** Ten characters in two groups (about 49 bits): short, and single use within a day. */
  static String enrolmentCode() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        code.append('-');
      }
      code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
    }
    return code.toString();
  }

  /** Forgives case, spaces and a missing dash. */
  static String normaliseCode(String typed) {
    String bare = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    return bare.length() == 10 ? bare.substring(0, 5) + "-" + bare.substring(5) : bare;
  }

  static String credential() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return "rsc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
