package org.relais.hub.storage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.relais.hub.validation.InvalidFieldException;

/** Opaque pagination cursors: the sort key of the last item seen, base64url encoded. */
public final class Cursor {
  private static final String SEPARATOR = "\u001f";

  private Cursor() {}

  public static String encode(String... parts) {
    String joined = String.join(SEPARATOR, parts);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  /** The parts of a cursor made by {@link #encode}; anything else is refused as an invalid {@code cursor}. */
  public static List<String> decode(String cursor, int expectedParts) {
    try {
      String joined = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      List<String> parts = List.of(joined.split(SEPARATOR, -1));
      if (parts.size() != expectedParts) {
        throw new IllegalArgumentException();
      }
      return parts;
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("cursor", "cursor is not one this server gave out");
    }
  }

  /** A UUID part of a decoded cursor. */
  public static UUID uuid(String part) {
    try {
      return UUID.fromString(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("cursor", "cursor is not one this server gave out");
    }
  }
}
