package org.relais.loadtest.broadcast;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The live chain's delays, from what the studio noted (when each cluster of frames went to the hub), what the
 * listing watcher saw (when each 360p segment was first listed, its duration and program date-time) and when the
 * viewers of the 360p rendition had each segment's first frame on screen. A segment's media time is the sum of the
 * durations before it (one ffmpeg run: the hub's numbering starts at 0 with the stream).
 */
record Latency(Histogram lastFrameToListed, Histogram firstFrameToListed, Histogram programTimeMinusEntry,
    Histogram entryToScreen, Histogram studioToScreen, Histogram glassToGlassPdt) {

  static Latency of(Map<Long, ListingWatcher.Listed> listed, StudioSource studio, JsonObject hubPhase) {
    Histogram lastToListed = new Histogram(600_000L, 3);
    Histogram firstToListed = new Histogram(600_000L, 3);
    // Program time minus entry, shifted by a minute: it may be negative.
    Histogram pdtOffset = new Histogram(600_000L, 3);
    Histogram entryToScreen = new Histogram(600_000L, 3);
    Histogram studioToScreen = new Histogram(600_000L, 3);
    JsonObject shown = hubPhase.getJsonObject("shown360p", new JsonObject());
    long captureBase = studio.capturedAtZero();
    double mediaStart = 0;
    long expected = 0;
    for (ListingWatcher.Listed segment : listed.values()) {
      if (segment.sequence() != expected) {
        break;
      }
      expected++;
      long start = Math.round(mediaStart);
      long end = Math.round(mediaStart + segment.duration() * 1000);
      mediaStart += segment.duration() * 1000;
      long firstIn = studio.enteredAt(start);
      long lastIn = studio.enteredAt(Math.max(start, end - 40));
      if (firstIn < 0 || lastIn < 0) {
        continue;
      }
      record(lastToListed, segment.listedAt() - lastIn);
      record(firstToListed, segment.listedAt() - firstIn);
      if (segment.programDateTime() != null) {
        record(pdtOffset, segment.programDateTime().toEpochMilli() - firstIn + 60_000);
      }
      Object onScreen = shown.getValue(String.valueOf(segment.sequence()));
      if (onScreen instanceof Number at) {
        record(entryToScreen, at.longValue() - firstIn);
        if (captureBase > 0) {
          record(studioToScreen, at.longValue() - (captureBase + start));
        }
      }
    }
    return new Latency(lastToListed, firstToListed, pdtOffset, entryToScreen, studioToScreen,
        ViewerClients.decode(hubPhase.getString("glassToGlass")));
  }

  private static void record(Histogram histogram, long millis) {
    histogram.recordValue(Math.max(0, Math.min(millis, histogram.getHighestTrackableValue())));
  }

  void print(PrintStream out) {
    out.println("Latency (ms)                                              segments    p50    p90    p99    max");
    row(out, "last frame in -> its segment listed (hub)", lastFrameToListed, 0);
    row(out, "first frame in -> its segment listed (hub)", firstFrameToListed, 0);
    row(out, "program date-time minus first frame in", programTimeMinusEntry, 60_000);
    row(out, "first frame in -> on the viewers' screens", entryToScreen, 0);
    row(out, "glass-to-glass, studio's clock", studioToScreen, 0);
    row(out, "glass-to-glass, EXT-X-PROGRAM-DATE-TIME", glassToGlassPdt, 0);
    out.println("  (\"in\": the studio handed the bytes of the frame's WebM cluster to the ingest socket;");
    out.println("  \"on screen\": when the viewers' modelled players reach the segment, averaged over the hub phase's");
    out.println("  360p viewers;");
    out.println("  studio's clock: the frame's capture time, media time 0 being when the studio started sending;");
    out.println("  program date-time: the playlist's EXT-X-PROGRAM-DATE-TIME against the viewers' clock, every "
        + "viewer)");
  }

  private static void row(PrintStream out, String label, Histogram h, long shift) {
    if (h.getTotalCount() == 0) {
      out.printf(Locale.ROOT, "  %-55s %8d      -%n", label, 0);
      return;
    }
    out.printf(Locale.ROOT, "  %-55s %8d %6d %6d %6d %6d%n", label, h.getTotalCount(),
        h.getValueAtPercentile(50) - shift, h.getValueAtPercentile(90) - shift, h.getValueAtPercentile(99) - shift,
        h.getMaxValue() - shift);
  }
}
