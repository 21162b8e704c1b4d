package org.relais.hub.seats;

import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.JoinRole;
import org.relais.protocol.VideoMode;

/**
 * The seats of a built-in room ({@code rooms.maxPeers} in all). Some are reserved: one for the
 * instructor, and for each room booked at a centre one for its screen and one for its animator. The
 * families have the rest. Each holder takes a seat of its own role only: a family never takes a
 * reserved seat, and a reserved role is never refused while its seat is free.
 */
public record Seats(int maxPeers) {
  /** Seats each booked room reserves: its screen's and its animator's. */
  public static final int PER_BOOKED_ROOM = 2;

  public Seats {
    if (maxPeers < 2) {
      throw new IllegalArgumentException("a built-in room holds at least two people");
    }
  }

  /** Seats no family may take: the instructor's, and those of the rooms booked for the session. */
  public int reserved(int bookedRooms) {
    return 1 + PER_BOOKED_ROOM * bookedRooms;
  }

  /** The families' seats once the reserved ones are counted; never negative. */
  public int forFamilies(int bookedRooms) {
    return Math.max(0, maxPeers - reserved(bookedRooms));
  }

  /** How many holders of {@code role} the room seats at once. */
  public int forRole(JoinRole role, int bookedRooms) {
    return switch (role) {
      case INSTRUCTOR -> 1;
      case SITE_SCREEN, ANIMATOR -> bookedRooms;
      case PARTICIPANT -> forFamilies(bookedRooms);
    };
  }

  /**
   * Refuses what a session's video cannot seat: in a built-in room ({@code DIRECT}), more families than
   * its seats for them, or more booked rooms than it has seats; Jitsi seats whatever the capacity says.
   * {@code field} names what the caller changed: the capacity itself, or a booking that takes seats.
   */
  public void requireFits(VideoMode mode, int homeCapacity, int bookedRooms, String field) {
    if (mode != VideoMode.DIRECT || (homeCapacity <= forFamilies(bookedRooms) && reserved(bookedRooms) <= maxPeers)) {
      return;
    }
    String rooms = bookedRooms == 1 ? "1 room booked at a centre" : bookedRooms + " rooms booked at centres";
    String seats = "A built-in room seats " + maxPeers + " people; the instructor and " + rooms
        + " (a screen and an animator each) hold " + reserved(bookedRooms) + " of them";
    if (reserved(bookedRooms) > maxPeers) {
      throw new InvalidFieldException(field, seats + ". Book fewer rooms, or use videoMode JITSI.");
    }
    int families = forFamilies(bookedRooms);
    seats += ", which leaves " + families + " for families at home, not " + homeCapacity + ".";
    throw new InvalidFieldException(field, "homeCapacity".equals(field)
        ? seats + " Lower homeCapacity to " + families + ", or use videoMode JITSI."
        : seats + " Lower the session's homeCapacity to " + families + " first, or use videoMode JITSI.");
  }
}
