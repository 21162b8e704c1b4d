package org.relais.hub.shortlinks;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * The code of a short link: 12 characters of Crockford's base32, shown in three groups of four
 * ({@code 7KQ2-M9XD-4HTC}). 60 random bits: with the join throttle's few tries a minute per address, a
 * guesser finds one of a million live codes after about 2^40 tries, far beyond any botnet's patience; 60
 * bits also make a clash between two new codes so unlikely that a clash simply fails the request (the
 * unique key refuses it) rather than being retried. Read back case-insensitively, with or without the
 * dashes, and with the letters a phone's reader confuses taken for the digits they look like (O for 0,
 * I and L for 1), so that a code typed from an SMS opens.
 */
public final class ShortCode {
  static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  public static final int LENGTH = 12;
  private static final int GROUP = 4;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ShortCode() {}

  /** A new random code, as stored (upper case, no dashes). */
  public static String random() {
    char[] code = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(code);
  }

  /** A code as stored, from how someone typed or a link carried it; empty for anything that is not one. */
  public static Optional<String> read(String typed) {
    if (typed == null || typed.length() > LENGTH + 4) {
      return Optional.empty();
    }
    StringBuilder code = new StringBuilder(LENGTH);
    for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c == '-') {
        continue;
      }
      char read = switch (c) {
        case 'O' -> '0';
        case 'I', 'L' -> '1';
        default -> c;
      };
      if (ALPHABET.indexOf(read) < 0) {
        return Optional.empty();
      }
      code.append(read);
    }
    return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
  }

  /** Whether a path segment is a short code rather than a long token: the route tries the short form first. */
  public static boolean looksShort(String segment) {
    return read(segment).isPresent();
  }

  /** The code as people read it: {@code 7KQ2-M9XD-4HTC}. */
  public static String shown(String code) {
    StringBuilder shown = new StringBuilder(LENGTH + 2);
    for (int i = 0; i < code.length(); i++) {
      if (i > 0 && i % GROUP == 0) {
        shown.append('-');
      }
      shown.append(code.charAt(i));
    }
    return shown.toString();
  }
}
