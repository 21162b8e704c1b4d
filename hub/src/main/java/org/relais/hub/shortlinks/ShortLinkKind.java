package org.relais.hub.shortlinks;

/** What a short link opens, and under which path it is given out. */
public enum ShortLinkKind {
  /** A family's join link: the waiting page, then the room. */
  REGISTRATION_JOIN("/j/"),
  /** A family's private page, to see or cancel its registration. */
  REGISTRATION_MANAGE("/r/"),
  /** A booked room's big screen. */
  ROOM_SCREEN("/j/"),
  /** A booked room's animator. */
  ROOM_ANIMATOR("/j/");

  private final String prefix;

  ShortLinkKind(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }
}
