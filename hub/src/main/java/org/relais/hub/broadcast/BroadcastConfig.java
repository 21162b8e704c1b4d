package org.relais.hub.broadcast;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigValues;

/**
 * Broadcasts (video mode BROADCAST): where ffmpeg is (else the PATH), the HLS segment length, how long replays
 * are kept, the RTMP ingest's address ({@code rtmpPort} 0: any free port; -1: no RTMP), and per session the
 * RTMP targets a broadcast is also pushed to (secret: they hold the platforms' stream keys).
 */
public record BroadcastConfig(Optional<Path> ffmpeg, int segmentSeconds, int replayDays, String rtmpHost,
    int rtmpPort, Map<UUID, List<String>> restream) {
  public BroadcastConfig {
    if (segmentSeconds < 1 || segmentSeconds > 6) {
      throw new ConfigException("broadcast.segmentSeconds", "must be from 1 to 6");
    }
    if (replayDays < 0 || replayDays > 366) {
      throw new ConfigException("broadcast.replayDays", "must be from 0 to 366");
    }
    if (rtmpPort < -1 || rtmpPort > 65535) {
      throw new ConfigException("broadcast.rtmpPort", "must be a port, 0 for any free one, or -1 for none");
    }
    restream = Map.copyOf(restream);
  }

  public boolean rtmpEnabled() {
    return rtmpPort >= 0;
  }

  public static BroadcastConfig from(ConfigValues values) {
    return new BroadcastConfig(values.optional("broadcast.ffmpeg").map(Path::of),
        values.integer("broadcast.segmentSeconds", 1, 6), values.integer("broadcast.replayDays", 0, 366),
        values.string("broadcast.rtmpHost"), values.integer("broadcast.rtmpPort", -1, 65535),
        restream(values.string("broadcast.restream")));
  }

  /** {@code sessionId=rtmp://a/key|rtmps://b/key;sessionId=...}. */
  static Map<UUID, List<String>> restream(String raw) {
    Map<UUID, List<String>> targets = new LinkedHashMap<>();
    for (String entry : raw.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      try {
        UUID session = UUID.fromString(entry.substring(0, Math.max(eq, 0)).strip());
        List<String> urls = List.of(entry.substring(eq + 1).strip().split("\\|")).stream().map(String::strip)
            .filter(url -> !url.isEmpty()).toList();
        if (urls.isEmpty() || urls.stream().anyMatch(url -> !url.matches("rtmps?://\\S+"))) {
          throw new IllegalArgumentException();
        }
        targets.put(session, urls);
      } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
        throw new ConfigException("broadcast.restream",
            "must read sessionId=rtmp://host/app/key|rtmps://... ; sessionId=...");
      }
    }
    return targets;
  }
}
