package org.relais.site.broadcast;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * One rendition as the relay serves it on its LAN: the segments it fetched, numbered by the relay itself so
 * that its playlist stays gapless even when the hub's window moved on during an outage (the segment after such
 * a gap carries a discontinuity, as one after an ingest restart does). Its live window lists the newest few.
 */
final class LocalRendition {
  static final int WINDOW = 6;

  /** A held segment: the relay's own number, the hub's, and what the playlist says of it. */
  record Held(long sequence, long hubSequence, double duration, String programDateTime, boolean discontinuity,
      String extension) {}

  private final String name;
  private final Deque<Held> window = new ArrayDeque<>();
  private int targetDuration = 1;
  private long next;
  private long discontinuitiesGone;
  private long lastHubSequence = -1;
  private boolean gapPending;

  LocalRendition(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The hub's number of the newest segment held, or -1 before the first. */
  synchronized long lastHubSequence() {
    return lastHubSequence;
  }

  synchronized void targetDuration(int seconds) {
    targetDuration = seconds;
  }

  /** Adds a fetched segment; gives the relay's number for it. */
  synchronized long add(MediaPlaylist.Segment segment) {
    boolean gap = gapPending || lastHubSequence >= 0 && segment.sequence() != lastHubSequence + 1;
    gapPending = false;
    Held held = new Held(next++, segment.sequence(), segment.duration(), segment.programDateTime(),
        segment.discontinuity() || gap, extensionOf(segment));
    window.addLast(held);
    while (window.size() > WINDOW) {
      if (window.removeFirst().discontinuity()) {
        discontinuitiesGone++;
      }
    }
    // A discontinuity on the first listed segment says nothing; it is counted once it leaves the list.
    lastHubSequence = segment.sequence();
    return held.sequence();
  }

  /** The file name a segment has on the LAN: its number and the hub's file extension. */
  static String extensionOf(MediaPlaylist.Segment segment) {
    String path = segment.uri().getPath();
    int dot = path == null ? -1 : path.lastIndexOf('.');
    String extension = dot < 0 ? "" : path.substring(dot + 1);
    return switch (extension) {
      case "aac", "m4s", "mp4", "ts" -> extension;
      default -> "ts";
    };
  }

  /** The relay's number the next segment will get (its key in the store is known before it is listed). */
  synchronized long sequenceOfNext() {
    return next;
  }

  /** A segment the hub no longer has: passed over, and the next one held follows a discontinuity. */
  synchronized void skip(MediaPlaylist.Segment segment) {
    lastHubSequence = segment.sequence();
    gapPending = true;
  }

  synchronized int held() {
    return window.size();
  }

  /**
   * The LAN's media playlist, or empty before the first segment. Segment {@code n} is at {@code n.ts} beside
   * the playlist's own address ({@code /broadcast/{sessionId}/{rendition}/n.ts}, or the hub's other extension).
   */
  synchronized Optional<String> playlist() {
    if (window.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder(512).append("#EXTM3U\n#EXT-X-VERSION:3\n")
        .append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:").append(window.getFirst().sequence()).append('\n')
        .append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitiesGone).append('\n');
    for (Held held : window) {
      if (held.discontinuity()) {
        text.append("#EXT-X-DISCONTINUITY\n");
      }
      if (held.programDateTime() != null) {
        text.append("#EXT-X-PROGRAM-DATE-TIME:").append(held.programDateTime()).append('\n');
      }
      text.append("#EXTINF:").append(String.format(java.util.Locale.ROOT, "%.3f", held.duration())).append(",\n")
          .append(name).append('/').append(held.sequence()).append('.').append(held.extension()).append('\n');
    }
    return Optional.of(text.toString());
  }
}
