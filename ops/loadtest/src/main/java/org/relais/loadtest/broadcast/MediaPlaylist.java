package org.relais.loadtest.broadcast;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a player reads in a live HLS media playlist: the target duration, and each segment's media sequence
 * number, duration, wall-clock time ({@code EXT-X-PROGRAM-DATE-TIME}) and URI as written (absolute path or
 * relative to the playlist).
 */
record MediaPlaylist(int targetSeconds, List<Segment> segments) {
  private static final DateTimeFormatter FFMPEG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx",
      Locale.ROOT);

  /** {@code programDateTime} is null where the playlist gives none. */
  record Segment(long sequence, double duration, Instant programDateTime, String uri) {}

  static MediaPlaylist parse(String text) {
    int target = 1;
    long sequence = 0;
    double duration = -1;
    Instant time = null;
    List<Segment> segments = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#EXT-X-TARGETDURATION:")) {
        target = Integer.parseInt(line.substring(22).strip());
      } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = Long.parseLong(line.substring(22).strip());
      } else if (line.startsWith("#EXTINF:")) {
        int comma = line.indexOf(',');
        duration = Double.parseDouble(line.substring(8, comma < 0 ? line.length() : comma));
      } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        time = time(line.substring(25).strip());
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        segments.add(new Segment(sequence, duration, time, line));
        sequence++;
        duration = -1;
        time = null;
      }
    }
    return new MediaPlaylist(target, List.copyOf(segments));
  }

  /** The hub writes ISO instants; ffmpeg writes {@code 2026-11-30T04:30:01.123+0000}. */
  static Instant time(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text, FFMPEG_TIME).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /** {@code uri} as a path on the server that served the playlist at {@code playlistPath}. */
  static String resolve(String playlistPath, String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    return playlistPath.substring(0, playlistPath.lastIndexOf('/') + 1) + uri;
  }
}
