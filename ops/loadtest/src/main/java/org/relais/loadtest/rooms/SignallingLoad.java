package org.relais.loadtest.rooms;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Peers sending their signalling in rounds: in each round every peer, at a random moment of it, sends an
 * offer or an answer and then its ICE candidates, one after the other, as a browser does on entering a
 * room. Each message carries the time it was sent; whoever receives it records how long it took. Only
 * messages sent within the measured rounds count.
 */
final class SignallingLoad {
  static final int SDP_BYTES = 3_000;

  /** Where one peer sends its signalling, and whether it offers or answers. */
  record Sender(BenchSocket socket, String address, boolean offers) {}

  /** What a run measured: relay latencies, and how many of the messages sent were received. */
  record Result(String label, Histogram latencies, long sent, long received) {
    double millisAt(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1e6;
    }
  }

  private final Recorder recorder = new Recorder(3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;

  /** Hands every frame a socket receives here: signalling sent within the window is timed. */
  void received(JsonObject frame) {
    if (!(frame.getValue("body") instanceof JsonObject body)) {
      return;
    }
    long sentAt = sentAt(body);
    long now = System.nanoTime();
    if (sentAt >= windowStart && sentAt < windowEnd) {
      recorder.recordValue(Math.max(0, now - sentAt));
      received.incrementAndGet();
    }
  }

  Result run(String label, Vertx vertx, List<Sender> senders, int candidates, int warmupRounds, int rounds,
      Duration round) throws InterruptedException {
    long roundMillis = round.toMillis();
    long start = System.nanoTime();
    windowStart = start + round.toNanos() * warmupRounds;
    windowEnd = windowStart + round.toNanos() * rounds;
    int total = warmupRounds + rounds;
    for (Sender sender : senders) {
      long offset = 1 + ThreadLocalRandom.current().nextLong(roundMillis);
      schedule(vertx, sender, candidates, offset, roundMillis, total);
    }
    // The last messages' way through, then a margin.
    Thread.sleep(roundMillis * total + 2_000);
    windowEnd = Long.MIN_VALUE;
    return new Result(label, recorder.getIntervalHistogram(), sent.get(), received.get());
  }

  private void schedule(Vertx vertx, Sender sender, int candidates, long delay, long roundMillis, int roundsLeft) {
    if (roundsLeft == 0) {
      return;
    }
    vertx.setTimer(delay, id -> {
      burst(sender, candidates);
      schedule(vertx, sender, candidates, roundMillis, roundMillis, roundsLeft - 1);
    });
  }

  private void burst(Sender sender, int candidates) {
    long now = System.nanoTime();
    JsonObject description = new JsonObject().put("type", sender.offers() ? "offer" : "answer").put("sdp", sdp(now));
    send(sender, description, now);
    for (int i = 0; i < candidates; i++) {
      long at = System.nanoTime();
      send(sender, new JsonObject().put("type", "candidate").put("candidate", candidate(at, i)).put("sdpMid", "0")
          .put("sdpMLineIndex", 0), at);
    }
  }

  private void send(Sender sender, JsonObject body, long at) {
    if (at >= windowStart && at < windowEnd) {
      sent.incrementAndGet();
    }
    sender.socket().write(new JsonObject().put("type", "send").put("address", sender.address()).put("body", body));
  }

  /** A session description of a usual size, its origin line carrying the send time. */
  static String sdp(long sentAt) {
    StringBuilder sdp = new StringBuilder("v=0\r\no=- ").append(sentAt)
        .append(" 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n");
    while (sdp.length() < SDP_BYTES) {
      sdp.append("a=rtcp-fb:96 nack pli\r\n");
    }
    return sdp.toString();
  }

  static String candidate(long sentAt, int index) {
    return "candidate:" + sentAt + " 1 udp 2122260223 192.168.1." + (10 + index) + " " + (50000 + index)
        + " typ host generation 0 network-id 1";
  }

  /** The send time a message carries, or -1. */
  static long sentAt(JsonObject body) {
    String text = body.getString("sdp");
    int from;
    if (text != null) {
      from = text.indexOf("o=- ") + 4;
    } else {
      text = body.getString("candidate");
      from = text == null ? -1 : "candidate:".length();
    }
    if (text == null || from < 4) {
      return -1;
    }
    int end = text.indexOf(' ', from);
    try {
      return Long.parseLong(text, from, end < 0 ? text.length() : end, 10);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return -1;
    }
  }
}
