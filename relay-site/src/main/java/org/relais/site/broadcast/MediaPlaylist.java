package org.relais.site.broadcast;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an HLS live media playlist (RFC 8216) the relay needs to follow the hub's: its target duration,
 * the sequence number of its first segment, and each segment with its length, address, wall-clock time and
 * whether it follows a discontinuity. Other tags are ignored; a text that is not a media playlist is refused.
 */
record MediaPlaylist(int targetDuration, long mediaSequence, boolean ended, List<Segment> segments) {
  static final int MAX_SEGMENTS = 10_000;

  /** One segment, numbered as the hub numbers it; {@code uri} resolved against the playlist's address. */
  record Segment(long sequence, double duration, URI uri, String programDateTime, boolean discontinuity) {}

  /** The text is not a media playlist the relay can follow. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String why) {
      super(why, null, false, false);
    }
  }

  static MediaPlaylist parse(String text, URI base) {
    String[] lines = text.split("\r?\n");
    if (lines.length == 0 || !lines[0].strip().equals("#EXTM3U")) {
      throw new Unreadable("no #EXTM3U header");
    }
    int target = -1;
    long sequence = 0;
    boolean ended = false;
    List<Segment> segments = new ArrayList<>();
    double duration = -1;
    String dateTime = null;
    boolean discontinuity = false;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#EXT-X-STREAM-INF")) {
        throw new Unreadable("a master playlist, not a media playlist");
      } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        target = (int) number(line, Integer.MAX_VALUE);
      } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = (long) number(line, Long.MAX_VALUE);
      } else if (line.startsWith("#EXTINF:")) {
        String value = line.substring("#EXTINF:".length());
        int comma = value.indexOf(',');
        duration = number("#:" + (comma < 0 ? value : value.substring(0, comma)), 3600);
      } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        dateTime = line.substring("#EXT-X-PROGRAM-DATE-TIME:".length());
      } else if (line.equals("#EXT-X-DISCONTINUITY")) {
        discontinuity = true;
      } else if (line.equals("#EXT-X-ENDLIST")) {
        ended = true;
      } else if (!line.startsWith("#")) {
        if (duration < 0) {
          throw new Unreadable("a segment without #EXTINF");
        }
        if (segments.size() == MAX_SEGMENTS) {
          throw new Unreadable("more than " + MAX_SEGMENTS + " segments");
        }
        URI uri;
        try {
          uri = base.resolve(line);
        } catch (IllegalArgumentException e) {
          throw new Unreadable("a segment address that is not a URI");
        }
        segments.add(new Segment(sequence + segments.size(), duration, uri, dateTime, discontinuity));
        duration = -1;
        dateTime = null;
        discontinuity = false;
      }
    }
    if (target < 1) {
      throw new Unreadable("no #EXT-X-TARGETDURATION");
    }
    return new MediaPlaylist(target, sequence, ended, List.copyOf(segments));
  }

  private static double number(String line, double max) {
    try {
      double value = Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
      if (value < 0 || value > max || Double.isNaN(value)) {
        throw new Unreadable("out of range: " + line);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Unreadable("not a number: " + line);
    }
  }
}
