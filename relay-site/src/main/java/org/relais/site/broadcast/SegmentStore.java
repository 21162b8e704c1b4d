package org.relais.site.broadcast;

import io.vertx.core.buffer.Buffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The segments the relay holds, in memory, within a byte budget: the oldest go first when a new one does not
 * fit. A mini PC keeps a minute or two of a 720p broadcast in a few tens of megabytes, and nothing is written to
 * its card. Shared by the puller (which adds) and the LAN server (which reads), on different event loops.
 */
final class SegmentStore {
  private final long budget;
  private final LinkedHashMap<String, Buffer> held = new LinkedHashMap<>();
  private long bytes;
  private long evicted;

  SegmentStore(long budgetBytes) {
    if (budgetBytes < 1) {
      throw new IllegalArgumentException("a segment store needs a positive budget");
    }
    this.budget = budgetBytes;
  }

  synchronized void put(String key, Buffer segment) {
    Buffer previous = held.remove(key);
    if (previous != null) {
      bytes -= previous.length();
    }
    held.put(key, segment);
    bytes += segment.length();
    Iterator<Map.Entry<String, Buffer>> oldest = held.entrySet().iterator();
    while (bytes > budget && held.size() > 1 && oldest.hasNext()) {
      Map.Entry<String, Buffer> entry = oldest.next();
      if (entry.getKey().equals(key)) {
        continue;
      }
      bytes -= entry.getValue().length();
      oldest.remove();
      evicted++;
    }
  }

  synchronized Optional<Buffer> get(String key) {
    return Optional.ofNullable(held.get(key));
  }

  synchronized void removeStartingWith(String prefix) {
    Iterator<Map.Entry<String, Buffer>> all = held.entrySet().iterator();
    while (all.hasNext()) {
      Map.Entry<String, Buffer> entry = all.next();
      if (entry.getKey().startsWith(prefix)) {
        bytes -= entry.getValue().length();
        all.remove();
      }
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized int size() {
    return held.size();
  }

  synchronized long evicted() {
    return evicted;
  }
}
