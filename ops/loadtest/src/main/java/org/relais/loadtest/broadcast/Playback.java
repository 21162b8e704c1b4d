package org.relais.loadtest.broadcast;

/**
 * A player's buffer, as the viewer would see it: playing starts once the first segment is in, then the
 * playhead moves with the clock; each segment fetched adds its duration to the buffer. When the playhead
 * reaches the end of what was fetched before the next segment is in, the picture freezes: a stall, which
 * lasts until that segment arrives. Times in milliseconds on the viewer's clock; not thread-safe.
 */
final class Playback {
  private long startedAt = -1;
  /** Media fetched, in ms since the first segment's start. */
  private double buffered;
  private double stalledMillis;
  private int stalls;
  private double lowestBufferMillis = Double.MAX_VALUE;

  /**
   * A segment of {@code durationSeconds} arrived at {@code now}; answers the time its first frame is shown
   * (now if the player was waiting for it, else when the playhead gets there).
   */
  long arrived(double durationSeconds, long now) {
    if (startedAt < 0) {
      startedAt = now;
      buffered = durationSeconds * 1000;
      return now;
    }
    double playhead = now - startedAt - stalledMillis;
    double left = buffered - playhead;
    long shownAt;
    if (left < 0) {
      stalls++;
      stalledMillis += -left;
      lowestBufferMillis = 0;
      shownAt = now;
    } else {
      lowestBufferMillis = Math.min(lowestBufferMillis, left);
      shownAt = now + Math.round(left);
    }
    buffered += durationSeconds * 1000;
    return shownAt;
  }

  /** Counts a stall going on at {@code now} (the buffer ran dry and nothing has come since). */
  void end(long now) {
    if (startedAt < 0) {
      return;
    }
    double left = buffered - (now - startedAt - stalledMillis);
    if (left < 0) {
      stalls++;
      stalledMillis += -left;
      lowestBufferMillis = 0;
    }
  }

  /** Forgets the lowest buffer seen so far: a new measurement begins. */
  void resetLowest() {
    lowestBufferMillis = Double.MAX_VALUE;
  }

  boolean started() {
    return startedAt >= 0;
  }

  int stalls() {
    return stalls;
  }

  long stalledMillis() {
    return Math.round(stalledMillis);
  }

  /** The least buffer seen just before a segment arrived; -1 before the second segment. */
  long lowestBufferMillis() {
    return lowestBufferMillis == Double.MAX_VALUE ? -1 : Math.round(lowestBufferMillis);
  }

  /** When the buffer runs dry if nothing more comes (epoch ms); -1 before the first segment. */
  long dryAt() {
    return startedAt < 0 ? -1 : Math.round(startedAt + stalledMillis + buffered);
  }

  /** What is buffered ahead of the playhead at {@code now} (0 when stalled). */
  long bufferMillis(long now) {
    return startedAt < 0 ? 0 : Math.max(0, Math.round(buffered - (now - startedAt - stalledMillis)));
  }
}
