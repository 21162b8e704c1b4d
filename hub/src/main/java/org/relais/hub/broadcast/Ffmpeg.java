package org.relais.hub.broadcast;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where ffmpeg is, and what it is told to do: read the stream on its stdin, make the three renditions, write
 * them as HLS into one run's directory. Looked for at {@code broadcast.ffmpeg}, else on the PATH.
 */
public final class Ffmpeg {
  /** Said wherever a broadcast is refused for want of ffmpeg. */
  public static final String HOW_TO_INSTALL = "Broadcasting needs ffmpeg, which this server lacks: install it"
      + " (sudo apt install ffmpeg) or give its path in broadcast.ffmpeg, then restart the hub";

  private Ffmpeg() {}

  /** Blocks (file checks): call it off the event loop. */
  public static Optional<Path> locate(Optional<Path> configured, String pathVariable) {
    if (configured.isPresent()) {
      return configured.filter(Ffmpeg::runnable);
    }
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "ffmpeg");
        if (runnable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean runnable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }

  /**
   * The command of one run: {@code format} on stdin; 360p (~500 kbit/s), 720p (~2 Mbit/s), audio (48 kbit/s),
   * a key frame every segment so that each segment starts on one; segments are kept (they make the replay).
   */
  static List<String> command(Path ffmpeg, IngestFormat format, Path runDir, int segmentSeconds,
      List<String> restream) {
    int fps = 25;
    int gop = fps * segmentSeconds;
    List<String> args = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-nostats",
        "-loglevel", "warning", "-fflags", "+genpts", "-f", format.ffmpegName(), "-i", "pipe:0",
        "-filter_complex", "[0:v:0]fps=" + fps + ",split=" + (restream.isEmpty() ? 2 : 3)
            + "[a][b]" + (restream.isEmpty() ? "" : "[c]") + ";[a]scale=-2:360[v360];[b]scale=-2:720[v720]"
            + (restream.isEmpty() ? "" : ";[c]scale=-2:720[vout]"),
        "-map", "[v360]", "-map", "0:a:0", "-map", "[v720]", "-map", "0:a:0", "-map", "0:a:0",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "main",
        "-g", String.valueOf(gop), "-keyint_min", String.valueOf(gop), "-sc_threshold", "0",
        "-b:v:0", "500k", "-maxrate:v:0", "550k", "-bufsize:v:0", "500k", "-level:v:0", "3.0",
        "-b:v:1", "2000k", "-maxrate:v:1", "2200k", "-bufsize:v:1", "2000k", "-level:v:1", "3.1",
        "-c:a", "aac", "-ac", "2", "-ar", "48000", "-b:a:0", "96k", "-b:a:1", "128k", "-b:a:2", "48k",
        "-f", "hls", "-hls_time", String.valueOf(segmentSeconds), "-hls_list_size", "30",
        "-hls_flags", "program_date_time+independent_segments+temp_file", "-hls_segment_type", "mpegts",
        "-var_stream_map", "v:0,a:0,name:360p v:1,a:1,name:720p a:2,name:audio",
        "-hls_segment_filename", runDir.resolve("%v").resolve("seg-%05d.ts").toString(),
        runDir.resolve("%v").resolve("index.m3u8").toString()));
    if (!restream.isEmpty()) {
      // The platforms get the 720p picture once more, encoded for them, through ffmpeg's tee.
      args.addAll(List.of("-map", "[vout]", "-map", "0:a:0", "-c:v", "libx264", "-preset", "veryfast",
          "-tune", "zerolatency", "-g", String.valueOf(fps * 2), "-b:v", "2500k", "-c:a", "aac", "-b:a", "128k",
          "-f", "tee", "-flags", "+global_header", String.join("|", restream.stream()
              .map(url -> "[f=flv:onfail=ignore]" + url).toList())));
    }
    return args;
  }
}
