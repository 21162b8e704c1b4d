package org.relais.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.join.Video;

/**
 * The playlists the hub serves for one sitting, composed from those ffmpeg writes run after run: ffmpeg's
 * numbering starts again at each run, the hub's goes on (one media sequence for the whole sitting, a
 * discontinuity where a run begins), with each segment's wall-clock time. The live window holds the last
 * {@link #WINDOW} segments; every segment is also appended to the sitting's durable list, which becomes the
 * replay. Used on one Vert.x context.
 */
final class LiveRenditions {
  static final int WINDOW = 6;
  static final List<String> RENDITIONS = Video.Broadcast.RENDITIONS;
  private static final DateTimeFormatter FFMPEG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx",
      Locale.ROOT);

  /** A segment as the hub lists it; {@code discontinuities}: the discontinuity tags up to and including its own. */
  record Segment(long sequence, int run, String file, double duration, Instant programDateTime,
      boolean discontinuity, long discontinuities) {
    /** Its name in URIs and on the durable list: the run, then ffmpeg's name. */
    String name() {
      return "r" + run + "-" + file;
    }

    String line() {
      return run + "\t" + file + "\t" + duration + "\t" + (programDateTime == null ? "-" : programDateTime)
          + "\t" + discontinuity;
    }

    static Segment parse(String line, long sequence, long discontinuities) {
      String[] parts = line.split("\t");
      boolean disc = Boolean.parseBoolean(parts[4]);
      return new Segment(sequence, Integer.parseInt(parts[0]), parts[1], Double.parseDouble(parts[2]),
          "-".equals(parts[3]) ? null : Instant.parse(parts[3]), disc, discontinuities + (disc ? 1 : 0));
    }
  }

  private final class Rendition {
    final String name;
    final Deque<Segment> window = new ArrayDeque<>();
    long nextSequence;
    long discontinuities;
    int lastRun;
    long lastRunSequence = -1;
    String rendered;

    Rendition(String name) {
      this.name = name;
    }
  }

  private final Vertx vertx;
  private final UUID sessionId;
  private final LocalDate date;
  private final Path dir;
  private final SegmentSigner signer;
  private final int segmentSeconds;
  private final Map<String, Rendition> renditions = new LinkedHashMap<>();
  private Instant expires;
  private Instant firstListedAt;
  private long latestLatency = -1;
  /** Runs of this sitting were made before this hub process started: the first segment here follows them. */
  private boolean earlierRuns;

  LiveRenditions(Vertx vertx, UUID sessionId, LocalDate date, Path dir, SegmentSigner signer, int segmentSeconds,
      Instant expires) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.date = date;
    this.dir = dir;
    this.signer = signer;
    this.segmentSeconds = segmentSeconds;
    this.expires = expires;
    RENDITIONS.forEach(name -> renditions.put(name, new Rendition(name)));
  }

  static Path listOf(Path sittingDir, String rendition) {
    return sittingDir.resolve(rendition + ".segments");
  }

  static Path runDir(Path sittingDir, int run) {
    return sittingDir.resolve("run-" + run);
  }

  void followsEarlierRuns() {
    earlierRuns = true;
  }

  /** Whether a segment has been listed in every rendition. */
  boolean onAir() {
    return renditions.values().stream().allMatch(r -> !r.window.isEmpty());
  }

  Instant firstListedAt() {
    return firstListedAt;
  }

  /**
   * Milliseconds from the end of the newest 360p segment (its program time plus its duration, ffmpeg's wall
   * clock) to the moment the hub listed it; -1 before any.
   */
  long latestLatency() {
    return latestLatency;
  }

  /** The latest segment of the 360p rendition, if any. */
  Segment latest() {
    Rendition r = renditions.get("360p");
    return r.window.isEmpty() ? null : r.window.peekLast();
  }

  /** Reads ffmpeg's playlists of {@code run} and lists what is new; answers how many segments were added. */
  Future<Integer> poll(int run) {
    List<Future<Integer>> all = new ArrayList<>();
    for (Rendition rendition : renditions.values()) {
      Path playlist = runDir(dir, run).resolve(rendition.name).resolve("index.m3u8");
      all.add(vertx.fileSystem().exists(playlist.toString()).compose(exists -> !exists ? Future.succeededFuture(0)
          : vertx.fileSystem().readFile(playlist.toString()).compose(text -> added(rendition, run, text.toString()))));
    }
    return Future.all(all).map(done -> all.stream().mapToInt(Future::result).sum());
  }

  private Future<Integer> added(Rendition rendition, int run, String playlist) {
    if (run < rendition.lastRun) {
      // A run that ended after the next one began (a source replaced): its last segments come too late.
      return Future.succeededFuture(0);
    }
    if (rendition.lastRun != run) {
      rendition.lastRun = run;
      rendition.lastRunSequence = -1;
    }
    List<Segment> fresh = new ArrayList<>();
    long sequence = 0;
    double duration = -1;
    Instant time = null;
    for (String raw : playlist.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
        sequence = Long.parseLong(line.substring(22).strip());
      } else if (line.startsWith("#EXTINF:")) {
        duration = Double.parseDouble(line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(',')));
      } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
        time = programTime(line.substring(25).strip());
      } else if (!line.isEmpty() && !line.startsWith("#")) {
        if (sequence > rendition.lastRunSequence && duration >= 0 && line.matches("seg-\\d{5,9}\\.ts")) {
          boolean disc = (rendition.nextSequence > 0 || earlierRuns) && rendition.lastRunSequence < 0
              && fresh.isEmpty();
          rendition.discontinuities += disc ? 1 : 0;
          fresh.add(new Segment(rendition.nextSequence++, run, line, duration, time, disc,
              rendition.discontinuities));
          rendition.lastRunSequence = sequence;
        }
        sequence++;
        duration = -1;
        time = null;
      }
    }
    if (fresh.isEmpty()) {
      return Future.succeededFuture(0);
    }
    for (Segment segment : fresh) {
      rendition.window.addLast(segment);
      while (rendition.window.size() > WINDOW) {
        rendition.window.removeFirst();
      }
    }
    rendition.rendered = null;
    Segment newest = fresh.get(fresh.size() - 1);
    if ("360p".equals(rendition.name) && newest.programDateTime() != null) {
      latestLatency = Math.max(0, System.currentTimeMillis() - newest.programDateTime().toEpochMilli()
          - Math.round(newest.duration() * 1000));
    }
    if (firstListedAt == null && onAir()) {
      firstListedAt = Instant.now();
    }
    StringBuilder lines = new StringBuilder();
    fresh.forEach(segment -> lines.append(segment.line()).append('\n'));
    return vertx.fileSystem().open(listOf(dir, rendition.name).toString(),
            new OpenOptions().setAppend(true).setCreate(true).setWrite(true))
        .compose(file -> file.write(Buffer.buffer(lines.toString())).eventually(file::close))
        .map(fresh.size());
  }

  private static Instant programTime(String text) {
    try {
      return OffsetDateTime.parse(text, FFMPEG_TIME).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  /** The live media playlist of {@code rendition}, or null before its first segment. */
  String playlist(String rendition) {
    Rendition r = renditions.get(rendition);
    if (r == null || r.window.isEmpty()) {
      return null;
    }
    if (r.rendered == null) {
      r.rendered = render(sessionId, date, signer, segmentSeconds, rendition, new ArrayList<>(r.window), false,
          expires);
    }
    return r.rendered;
  }

  /** A media playlist of {@code segments}: live (a window) or a replay (VOD, whole, ended). */
  static String render(UUID sessionId, LocalDate date, SegmentSigner signer, int segmentSeconds, String rendition,
      List<Segment> segments, boolean vod, Instant until) {
    // The spec's rule: each duration, rounded to the nearest second, at most the target.
    double longest = segments.stream().mapToDouble(Segment::duration).max().orElse(segmentSeconds);
    Segment first = segments.get(0);
    StringBuilder out = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:6\n")
        .append("#EXT-X-TARGETDURATION:").append(Math.max(Math.round(longest), segmentSeconds)).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:").append(first.sequence()).append('\n')
        .append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(first.discontinuities() - (first.discontinuity() ? 1 : 0))
        .append('\n');
    if (vod) {
      out.append("#EXT-X-PLAYLIST-TYPE:VOD\n");
    }
    out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (Segment segment : segments) {
      if (segment.discontinuity()) {
        out.append("#EXT-X-DISCONTINUITY\n");
      }
      if (segment.programDateTime() != null) {
        out.append("#EXT-X-PROGRAM-DATE-TIME:").append(DateTimeFormatter.ISO_INSTANT.format(segment.programDateTime()))
            .append('\n');
      }
      String path = segmentPath(sessionId, date, rendition, segment.name());
      out.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", segment.duration())).append(",\n")
          .append(path).append(signer.query(path, until, vod)).append('\n');
    }
    if (vod) {
      out.append("#EXT-X-ENDLIST\n");
    }
    return out.toString();
  }

  static String segmentPath(UUID sessionId, LocalDate date, String rendition, String name) {
    return "/b/seg/" + sessionId + "/" + date + "/" + rendition + "/" + name;
  }

  /** The master playlist: the two pictures and the sound alone, the media playlists beside it. */
  static String master(String prefix) {
    return "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=650000,RESOLUTION=640x360,"
        + "CODECS=\"avc1.4d401e,mp4a.40.2\",FRAME-RATE=25.000\n" + prefix + "360p.m3u8\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=2600000,AVERAGE-BANDWIDTH=2200000,RESOLUTION=1280x720,"
        + "CODECS=\"avc1.4d401f,mp4a.40.2\",FRAME-RATE=25.000\n" + prefix + "720p.m3u8\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=64000,AVERAGE-BANDWIDTH=56000,CODECS=\"mp4a.40.2\"\n"
        + prefix + "audio.m3u8\n";
  }

  /** Reads a rendition's durable list (blocking: off the event loop). */
  static List<Segment> readList(Path sittingDir, String rendition) throws java.io.IOException {
    Path list = listOf(sittingDir, rendition);
    List<Segment> all = new ArrayList<>();
    if (!java.nio.file.Files.exists(list)) {
      return all;
    }
    long discontinuities = 0;
    for (String line : java.nio.file.Files.readAllLines(list)) {
      if (line.isBlank()) {
        continue;
      }
      Segment segment = Segment.parse(line, all.size(), discontinuities);
      discontinuities = segment.discontinuities();
      all.add(segment);
    }
    return all;
  }
}
