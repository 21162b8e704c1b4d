package org.relais.hub.broadcast;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sitting's replay: once it has ended, its segments as VOD playlists (from the durable lists) and its sound as
 * one m4a file ({@code replay.m4a}, remuxed by ffmpeg from the audio rendition's segments, no re-encoding);
 * both erased {@code broadcast.replayDays} after the sitting.
 */
final class Replays {
  private static final Logger LOG = LoggerFactory.getLogger(Replays.class);
  /** How long a replay's segment URIs stay valid: long enough to watch the longest sitting. */
  static final Duration SIGNED_FOR = Duration.ofHours(14);
  static final String ENDED = "ended";
  static final String AUDIO = "replay.m4a";

  private final Vertx vertx;
  private final Path root;
  private final SegmentSigner signer;
  private final BroadcastConfig config;
  private final Clock clock;
  private final Cache<Path, List<List<LiveRenditions.Segment>>> lists = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofMinutes(10)).maximumSize(200).build();

  Replays(Vertx vertx, Path root, SegmentSigner signer, BroadcastConfig config, Clock clock) {
    this.vertx = vertx;
    this.root = root;
    this.signer = signer;
    this.config = config;
    this.clock = clock;
  }

  static Path dir(Path root, UUID sessionId, LocalDate date) {
    return root.resolve(sessionId.toString()).resolve(date.toString());
  }

  /** Marks the sitting's broadcast ended and remuxes its sound; blocking work off the event loop. */
  Future<Void> make(Path ffmpeg, UUID sessionId, LocalDate date, Path dir) {
    return vertx.executeBlocking(() -> {
      List<LiveRenditions.Segment> audio = LiveRenditions.readList(dir, "audio");
      if (!audio.isEmpty()) {
        Path list = dir.resolve("replay-audio.txt");
        StringBuilder concat = new StringBuilder("ffconcat version 1.0\n");
        for (LiveRenditions.Segment segment : audio) {
          Path file = BroadcastService.localSegment(dir, "audio", segment.name());
          // Each piece lasts what the playlist says: the length ffmpeg guesses for a one-second TS is short, and
          // the pieces would overlap and lose a quarter of the sound.
          concat.append("file '").append(file.toAbsolutePath()).append("'\nduration ")
              .append(segment.duration()).append('\n');
        }
        Files.writeString(list, concat);
        Path out = dir.resolve(AUDIO);
        Path partial = dir.resolve("replay.part.m4a");
        Process process = new ProcessBuilder(ffmpeg.toString(), "-hide_banner", "-nostdin", "-loglevel", "error",
            "-y", "-f", "concat", "-safe", "0", "-i", list.toString(), "-map", "0:a", "-c", "copy",
            "-bsf:a", "aac_adtstoasc", "-movflags", "+faststart", "-f", "mp4", partial.toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("replay.log").toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly().waitFor();
          throw new IOException("ffmpeg took too long to make " + out);
        }
        if (process.exitValue() != 0) {
          throw new IOException("ffmpeg could not make " + out + " (exit " + process.exitValue() + "), see "
              + dir.resolve("replay.log"));
        }
        Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(dir.resolve(ENDED), clock.instant().toString());
      lists.invalidate(dir);
      LOG.info("Replay of {} on {}: {} segments per rendition, sound in {}", sessionId, date, audio.size(),
          audio.isEmpty() ? "none" : AUDIO);
      return null;
    }, false);
  }

  /** The replay's VOD playlist of {@code rendition}, if the sitting's broadcast ended with segments. */
  Future<Optional<String>> playlist(UUID sessionId, LocalDate date, String rendition) {
    Path dir = dir(root, sessionId, date);
    int index = LiveRenditions.RENDITIONS.indexOf(rendition);
    if (index < 0) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(() -> {
      if (!Files.exists(dir.resolve(ENDED))) {
        return Optional.<String>empty();
      }
      List<List<LiveRenditions.Segment>> all = lists.get(dir, key -> {
        try {
          List<List<LiveRenditions.Segment>> read = new ArrayList<>();
          for (String name : LiveRenditions.RENDITIONS) {
            read.add(LiveRenditions.readList(dir, name));
          }
          return read;
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      List<LiveRenditions.Segment> segments = all.get(index);
      if (segments.isEmpty()) {
        return Optional.<String>empty();
      }
      return Optional.of(LiveRenditions.render(sessionId, date, signer, config.segmentSeconds(), rendition, segments,
          true, clock.instant().plus(SIGNED_FOR)));
    }, false);
  }

  /** The replay's sound file, if made. */
  Path audio(UUID sessionId, LocalDate date) {
    return dir(root, sessionId, date).resolve(AUDIO);
  }

  /**
   * Erases the broadcasts of sittings more than {@code replayDays} old (in the schedule's zone): answers how
   * many sittings' files were erased. Blocking.
   */
  int eraseExpired(java.time.ZoneId zone) throws IOException {
    LocalDate oldestKept = clock.instant().atZone(zone).toLocalDate().minusDays(config.replayDays());
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int erased = 0;
    try (Stream<Path> sessions = Files.list(root)) {
      for (Path session : sessions.toList()) {
        if (!Files.isDirectory(session)) {
          continue;
        }
        try (Stream<Path> dates = Files.list(session)) {
          for (Path sitting : dates.toList()) {
            LocalDate date;
            try {
              date = LocalDate.parse(sitting.getFileName().toString());
            } catch (DateTimeParseException e) {
              continue;
            }
            if (date.isBefore(oldestKept)) {
              deleteTree(sitting);
              lists.invalidate(sitting);
              erased++;
            }
          }
        }
        try (Stream<Path> left = Files.list(session)) {
          if (left.findAny().isEmpty()) {
            Files.deleteIfExists(session);
          }
        }
      }
    }
    return erased;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Whether the replay of a sitting that took place on {@code date} is still shown at {@code now}. */
  boolean shown(LocalDate date, Instant now, java.time.ZoneId zone) {
    return !date.isBefore(now.atZone(zone).toLocalDate().minusDays(config.replayDays()));
  }

  void stop() {
    lists.invalidateAll();
  }
}
