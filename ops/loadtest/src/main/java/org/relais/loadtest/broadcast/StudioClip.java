package org.relais.loadtest.broadcast;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The studio's camera and microphone as the hub receives them: a live WebM (VP8 and Opus, clusters of about
 * 500 ms, as MediaRecorder makes it), encoded by ffmpeg from its test picture and tone once and kept, then played
 * in a loop for as long as needed, each cluster's timecode moved on so that the stream never goes back in time.
 * The encoding is the instructor's computer's work, not the hub's: doing it ahead leaves the hub's machine to the
 * hub.
 */
final class StudioClip {
  private static final byte[] CLUSTER = {0x1F, 0x43, (byte) 0xB6, 0x75};
  private static final int TIMECODE = 0xE7;

  /** A cluster: its timecode, and its children after the Timecode element. */
  record Cluster(long timecode, byte[] rest) {}

  private final byte[] header;
  private final List<Cluster> clusters;
  private final long loopMillis;

  StudioClip(byte[] header, List<Cluster> clusters, long loopMillis) {
    this.header = header;
    this.clusters = List.copyOf(clusters);
    this.loopMillis = loopMillis;
  }

  /** The clip of {@code seconds}, made once per picture and bit rate in the temporary directory. */
  static StudioClip make(String size, int videoKbps, int seconds) throws IOException, InterruptedException {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "relais-bench-studio-" + size + "-" + videoKbps + "k-"
        + seconds + "s.webm");
    if (!Files.exists(file)) {
      Path partial = Files.createTempFile("relais-bench-studio-", ".webm");
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
          "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25",
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", String.valueOf(seconds),
          "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", videoKbps + "k", "-g", "50",
          "-c:a", "libopus", "-b:a", "64k", "-cluster_time_limit", "500", "-live", "1", "-f", "webm",
          partial.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!ffmpeg.waitFor(10, TimeUnit.MINUTES) || ffmpeg.exitValue() != 0) {
        ffmpeg.destroyForcibly();
        throw new IOException("ffmpeg could not make the studio's clip");
      }
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
    // A frame's worth past the end: the next loop starts after the last frame, never on it.
    return parse(Files.readAllBytes(file), seconds * 1000L + 40);
  }

  /** Splits a live WebM (unknown Segment size, sized Clusters each opening with its Timecode) into its parts. */
  static StudioClip parse(byte[] webm, long loopMillis) {
    int first = indexOf(webm, CLUSTER, 0);
    if (first < 0) {
      throw new IllegalArgumentException("no Cluster in the clip");
    }
    List<Cluster> clusters = new ArrayList<>();
    int at = first;
    while (at + 4 < webm.length && startsWith(webm, CLUSTER, at)) {
      int sizeLength = vintLength(webm[at + 4]);
      long size = vint(webm, at + 4, sizeLength);
      int body = at + 4 + sizeLength;
      int end = (int) Math.min(webm.length, body + size);
      if ((webm[body] & 0xFF) != TIMECODE) {
        throw new IllegalArgumentException("a Cluster that does not open with its Timecode");
      }
      int valueLength = vintLength(webm[body + 1]);
      int length = (int) vint(webm, body + 1, valueLength);
      long timecode = 0;
      for (int i = 0; i < length; i++) {
        timecode = (timecode << 8) | (webm[body + 1 + valueLength + i] & 0xFF);
      }
      int rest = body + 1 + valueLength + length;
      byte[] children = new byte[end - rest];
      System.arraycopy(webm, rest, children, 0, children.length);
      clusters.add(new Cluster(timecode, children));
      at = end;
    }
    byte[] header = new byte[first];
    System.arraycopy(webm, 0, header, 0, first);
    return new StudioClip(header, clusters, loopMillis);
  }

  byte[] header() {
    return header.clone();
  }

  /** Clusters in one loop. */
  int size() {
    return clusters.size();
  }

  /** The timecode of the {@code i}-th cluster sent (loops counted in). */
  long timecode(long i) {
    return clusters.get((int) (i % clusters.size())).timecode() + (i / clusters.size()) * loopMillis;
  }

  /** When the {@code i}-th cluster is complete: the next one's timecode. */
  long endsAt(long i) {
    return timecode(i + 1);
  }

  /** The {@code i}-th cluster's bytes, its Timecode written on 8 bytes and its size again. */
  byte[] cluster(long i) {
    byte[] rest = clusters.get((int) (i % clusters.size())).rest();
    ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length + 24);
    out.writeBytes(CLUSTER);
    long size = 2 + 8 + rest.length;
    out.write(0x01);
    for (int shift = 48; shift >= 0; shift -= 8) {
      out.write((int) (size >>> shift) & 0xFF);
    }
    out.write(TIMECODE);
    out.write(0x88);
    long timecode = timecode(i);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (timecode >>> shift) & 0xFF);
    }
    out.writeBytes(rest);
    return out.toByteArray();
  }

  private static int vintLength(byte first) {
    int b = first & 0xFF;
    for (int length = 1; length <= 8; length++) {
      if ((b & (0x80 >> (length - 1))) != 0) {
        return length;
      }
    }
    throw new IllegalArgumentException("not an EBML size");
  }

  private static long vint(byte[] data, int at, int length) {
    long value = data[at] & (0xFF >> length);
    for (int i = 1; i < length; i++) {
      value = (value << 8) | (data[at + i] & 0xFF);
    }
    return value;
  }

  private static boolean startsWith(byte[] data, byte[] prefix, int at) {
    if (at + prefix.length > data.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    for (int i = from; i + pattern.length <= data.length; i++) {
      if (startsWith(data, pattern, i)) {
        return i;
      }
    }
    return -1;
  }
}
