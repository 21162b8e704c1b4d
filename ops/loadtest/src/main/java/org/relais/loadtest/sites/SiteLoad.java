package org.relais.loadtest.sites;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What the simulated relays sent and what came back, kept on the clients' one event loop: every event
 * waits for its acknowledgement, and every event of a watched class for the console update that counts
 * it. Each event adds one to its room's head count, so the room's {@code n}-th event is in any update
 * whose head count for the room is {@code n} or more. Only events sent within the measured window are
 * timed; every event sent must be acknowledged.
 */
final class SiteLoad {
  /** One simulated relay: its room, its class, whether a console watches that class, what it sent. */
  static final class Room {
    final UUID siteId;
    final UUID sessionId;
    final String credential;
    final boolean watched;
    /** When each event was sent (nanoTime), in order: the n-th brings the head count to n. */
    final List<Long> sentAt = new ArrayList<>();
    /** Events the console has shown so far. */
    int shown;

    Room(UUID siteId, UUID sessionId, String credential, boolean watched) {
      this.siteId = siteId;
      this.sessionId = sessionId;
      this.credential = credential;
      this.watched = watched;
    }
  }

  private final Map<String, Room> bySite = new HashMap<>();
  private final Map<UUID, Long> awaitingAck = new HashMap<>();
  private final Histogram shownAfter = new Histogram(3);
  private final Histogram ackedAfter = new Histogram(3);
  private long windowStart = Long.MAX_VALUE;
  private long windowEnd = Long.MAX_VALUE;
  long sent;
  long acked;
  long sentInWindow;
  long watchedInWindow;
  long shownInWindow;
  /** Head counts above what the room sent: should never happen. */
  long overCounted;
  long updates;
  long updateBytes;
  long errors;
  String firstError = "";
  long closed;

  SiteLoad(List<Room> rooms) {
    rooms.forEach(room -> bySite.put(room.siteId.toString(), room));
  }

  void window(long start, long end) {
    windowStart = start;
    windowEnd = end;
  }

  boolean inWindow(long at) {
    return at >= windowStart && at < windowEnd;
  }

  /** An event is about to go: remember when. */
  void sending(Room room, UUID eventId, long now) {
    room.sentAt.add(now);
    awaitingAck.put(eventId, now);
    sent++;
    if (inWindow(now)) {
      sentInWindow++;
      if (room.watched) {
        watchedInWindow++;
      }
    }
  }

  void acknowledged(JsonArray ids, long now) {
    for (Object id : ids) {
      Long at = awaitingAck.remove(UUID.fromString(String.valueOf(id)));
      if (at != null) {
        acked++;
        if (inWindow(at)) {
          ackedAfter.recordValue(Math.max(0, now - at));
        }
      }
    }
  }

  /** A console's update: each room's head count says which of its events it now includes. */
  void update(JsonObject figures, int bytes, long now) {
    updates++;
    updateBytes += bytes;
    JsonArray rooms = figures.getJsonArray("rooms");
    if (rooms == null) {
      return;
    }
    for (int i = 0; i < rooms.size(); i++) {
      JsonObject shownRoom = rooms.getJsonObject(i);
      Room room = bySite.get(shownRoom.getString("siteId"));
      if (room == null) {
        continue;
      }
      int headCount = shownRoom.getInteger("headCount", 0);
      if (headCount > room.sentAt.size()) {
        overCounted++;
      }
      while (room.shown < headCount && room.shown < room.sentAt.size()) {
        long at = room.sentAt.get(room.shown);
        if (inWindow(at)) {
          shownAfter.recordValue(Math.max(0, now - at));
          shownInWindow++;
        }
        room.shown++;
      }
    }
  }

  void error(String reason) {
    errors++;
    if (firstError.isEmpty()) {
      firstError = reason;
    }
  }

  int awaitingAck() {
    return awaitingAck.size();
  }

  boolean drained() {
    return awaitingAck.isEmpty() && shownInWindow >= watchedInWindow;
  }

  /** Everything the benchmark reports, the histograms compressed. */
  JsonObject result() {
    return new JsonObject().put("sent", sent).put("acked", acked).put("awaitingAck", awaitingAck.size())
        .put("sentInWindow", sentInWindow).put("watchedInWindow", watchedInWindow).put("shownInWindow", shownInWindow)
        .put("overCounted", overCounted).put("updates", updates).put("updateBytes", updateBytes)
        .put("errors", errors).put("firstError", firstError).put("closed", closed)
        .put("shownAfter", encode(shownAfter)).put("ackedAfter", encode(ackedAfter));
  }

  static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
  }

  static Histogram decode(String encoded) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not a compressed histogram", e);
    }
  }
}
