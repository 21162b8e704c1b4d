package org.relais.protocol;

/**
 * Event-bus addresses. Feature code asks these functions for an address and never concatenates one
 * itself, so every address in use is listed here.
 */
public final class Addresses {
  private static final String ROOT = "relais.";

  private Addresses() {}

  /** Published by any hub node after a change to sessions or centres: every node drops its schedule cache. */
  public static String scheduleChanged() {
    return ROOT + "hub.schedule.changed";
  }

  /** Published with a staff id after that account changed: every node forgets what it cached about it. */
  public static String staffChanged() {
    return ROOT + "hub.staff.changed";
  }

  /** Published after a node added or dropped a join-link signing key: every node re-reads the ring. */
  public static String joinKeysChanged() {
    return ROOT + "hub.join.keys.changed";
  }

  /**
   * Published with the id of a registration, booking or session whose join links changed (cancelled,
   * promoted from the waiting list): every node forgets what it cached, so a revoked link stops at once.
   */
  public static String joinSubjectChanged() {
    return ROOT + "hub.join.subject.changed";
  }

  /** Prefix of every address of a built-in room; the bridge admits nothing else from browsers. */
  public static String roomPrefix() {
    return ROOT + "room.";
  }

  /** Signalling for one peer of a room (offer, answer, candidate, bye, roster snapshot). */
  public static String peer(String roomId, String peerId) {
    return roomPrefix() + requireSegment(roomId) + ".peer." + requireSegment(peerId);
  }

  /** Published join/leave of a room's peers, and their mute state. */
  public static String roster(String roomId) {
    return roomPrefix() + requireSegment(roomId) + ".roster";
  }

  /**
   * Hub-internal: tells the bridge socket of a room's peer, on whichever node, that a newer connection
   * of the same link has come in. Browsers can neither send nor listen here.
   */
  public static String bridgePeerControl(String roomId, String peerId) {
    return ROOT + "hub.bridge." + requireSegment(roomId) + "." + requireSegment(peerId);
  }

  /**
   * Published with a help call (as JSON: id, status, displayName, message, takenByName...) each time one
   * of the centre's calls is made, taken or ended: its consoles and kiosks keep their queue from it.
   */
  public static String centreHelp(String centreId) {
    return ROOT + "centre." + requireSegment(centreId) + ".help";
  }

  /** Hub to one relay-site: its schedule, acknowledgements of its events, commands. */
  public static String siteInbox(String siteId) {
    return ROOT + "site." + requireSegment(siteId) + ".inbox";
  }

  /**
   * Hub-internal: tells the socket that carries a site's link, on whichever node, that a newer link of
   * the site came in or that its credential was revoked.
   */
  public static String siteLinkControl(String siteId) {
    return ROOT + "hub.sitelink." + requireSegment(siteId);
  }

  /** On a relay-site, to its kiosk pages: the room's board (schedule, head counts, help queue, link) as it changes. */
  public static String kioskBoard() {
    return ROOT + "kiosk.board";
  }

  /** Relay-sites to the hub: hello, heartbeat, events (the hub stamps which site sent them). */
  public static String hubSites() {
    return ROOT + "hub.sites";
  }

  /**
   * Published with a site's id each time a relay-site comes online or goes offline, on whichever node holds
   * its link: pages that list the network's sites follow it.
   */
  public static String sitePresenceChanged() {
    return ROOT + "hub.sites.presence";
  }

  /** Published with a session's id each time a family registers for it, cancels, or leaves its waiting list. */
  public static String registrationsChanged() {
    return ROOT + "hub.registrations.changed";
  }

  /** Live figures of a session (connected rooms, head counts, help requests), published for consoles. */
  public static String sessionLive(String sessionId) {
    return ROOT + "session." + requireSegment(sessionId) + ".live";
  }

  /**
   * Published with a sitting of a session ({@code sessionId}, {@code date}, {@code state}) each time one is
   * started, ended or cancelled, and once a broadcast sitting's replay is ready ({@code replay: true}): the join
   * pages of the session open or close their room, or show the replay, from it.
   */
  public static String sittingChanged(String sessionId) {
    return ROOT + "session." + requireSegment(sessionId) + ".sitting";
  }

  /**
   * Parses an address a browser used: a peer address or a roster address of some room, or null for
   * anything else (including room or peer ids that could not have come from {@link #peer}).
   */
  public static RoomAddress parseRoomAddress(String address) {
    if (address == null || !address.startsWith(roomPrefix())) {
      return null;
    }
    String[] parts = address.substring(roomPrefix().length()).split("\\.", -1);
    if (parts.length == 2 && parts[1].equals("roster") && isSegment(parts[0])) {
      return new RoomAddress(parts[0], null);
    }
    if (parts.length == 3 && parts[1].equals("peer") && isSegment(parts[0]) && isSegment(parts[2])) {
      return new RoomAddress(parts[0], parts[2]);
    }
    return null;
  }

  /** A room's address: its roster ({@code peerId} null) or one of its peers. */
  public record RoomAddress(String roomId, String peerId) {
    public boolean isRoster() {
      return peerId == null;
    }
  }

  private static boolean isSegment(String segment) {
    return segment.length() >= 1 && segment.length() <= 100 && segment.chars()
        .allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
  }

  private static String requireSegment(String segment) {
    if (!isSegment(segment)) {
      throw new IllegalArgumentException("not an address segment: " + segment);
    }
    return segment;
  }
}
