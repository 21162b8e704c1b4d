package org.relais.hub.schedule;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.validation.Checks;
import org.relais.protocol.SessionStatus;

/**
 * A scheduled session (one class, or a weekly series of them) as stored, with the name of its video
 * room: lowercase ASCII, readable, unguessable, fixed at creation so links and rooms stay stable. Its
 * {@code moves} are sittings held at another time than the series says, by the date the series gives them;
 * {@code updatedBy} is the staff member who changed it last, if one did.
 */
public record Session(UUID id, SessionDraft draft, SessionStatus status, long version, String roomName,
    Map<LocalDate, Interval> moves, UUID updatedBy) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public Session {
    Checks.required("id", id);
    Checks.required("draft", draft);
    Checks.required("status", status);
    Checks.required("roomName", roomName);
    moves = Map.copyOf(Checks.required("moves", moves));
  }

  /** A session whose sittings all fall where the series says, changed by nobody in particular. */
  public Session(UUID id, SessionDraft draft, SessionStatus status, long version, String roomName) {
    this(id, draft, status, version, roomName, Map.of(), null);
  }

  /** A new session's room: a slug of its title and 16 random hex digits, e.g. {@code gym-douce-3f9a0c1e5b7d2a64}. */
  public static String newRoomName(String title) {
    String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    String slug = ascii.length() > 40 ? ascii.substring(0, 40).replaceAll("-$", "") : ascii;
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return (slug.isEmpty() ? "relais" : slug) + "-" + HexFormat.of().formatHex(random);
  }

  public Session withStatus(SessionStatus next) {
    return new Session(id, draft, next, version + 1, roomName, moves, updatedBy);
  }

  public Session withDraft(SessionDraft next) {
    return new Session(id, next, status, version + 1, roomName, moves, updatedBy);
  }

  /** The sitting the series holds on {@code date} moved to {@code to}; back where it was if {@code to} is null. */
  public Session withMove(LocalDate date, Interval to) {
    Map<LocalDate, Interval> next = new HashMap<>(moves);
    if (to == null) {
      next.remove(date);
    } else {
      next.put(date, to);
    }
    return new Session(id, draft, status, version + 1, roomName, next, updatedBy);
  }

  /** This version as changed by {@code editor} (null: by the hub itself). */
  public Session editedBy(UUID editor) {
    return new Session(id, draft, status, version, roomName, moves, editor);
  }
}
