package org.relais.site.broadcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ffmpeg's own test picture and tone, live, as HLS in a directory: a 720p rendition and an audio-only one,
 * one-second segments with their wall-clock times, the way the hub's ingest writes them.
 */
public final class TestSource implements AutoCloseable {
  public final Path dir;
  private final Process ffmpeg;

  private TestSource(Path dir, Process ffmpeg) {
    this.dir = dir;
    this.ffmpeg = ffmpeg;
  }

  public static TestSource start() throws IOException {
    Path dir = Files.createTempDirectory("relais-hls-");
    List<String> command = List.of("/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
        "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-keyint_min", "25",
        "-sc_threshold", "0", "-b:v", "1200k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
        "-f", "hls", "-hls_time", "1", "-hls_list_size", "6",
        "-hls_flags", "program_date_time+independent_segments+temp_file",
        "-hls_segment_filename", dir.resolve("720p-%d.ts").toString(), dir.resolve("720p.m3u8").toString(),
        "-map", "1:a", "-c:a", "aac", "-b:a", "48k", "-f", "hls", "-hls_time", "1", "-hls_list_size", "6",
        "-hls_flags", "program_date_time+temp_file",
        "-hls_segment_filename", dir.resolve("audio-%d.ts").toString(), dir.resolve("audio.m3u8").toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
    return new TestSource(dir, process);
  }

  @Override
  public void close() {
    ffmpeg.destroy();
    try {
      if (!ffmpeg.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        ffmpeg.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
