package org.relais.site.journal;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.relais.protocol.site.InvalidSiteMessage;
import org.relais.protocol.site.SiteEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay-site's durable record of what happened in its room. Every event is written and flushed to
 * disk (fsync) before anyone is told it was recorded; the ids the hub acknowledged are written the same
 * way in a second file. On start both are read back: what was recorded and not acknowledged is sent
 * again, and the hub keeps each id once, so an event counts exactly once whatever fails in between. A
 * line cut short by a power cut is skipped with a warning, and the file is trimmed back to its last
 * whole line before anything is appended.
 */
public final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  static final String EVENTS = "journal.log";
  static final String FORWARDED = "forwarded.log";

  /** An event with its place in the journal. */
  public record Entry(long position, SiteEvent event) {}

  private final WorkerExecutor disk;
  private final FileChannel events;
  private final FileChannel forwarded;
  /** Everything recorded, in order, and which of it is still to be acknowledged. Guarded by this. */
  private final List<Entry> all;
  private final Map<UUID, Entry> pending;

  private Journal(WorkerExecutor disk, FileChannel events, FileChannel forwarded, List<Entry> all,
      Map<UUID, Entry> pending) {
    this.disk = disk;
    this.events = events;
    this.forwarded = forwarded;
    this.all = all;
    this.pending = pending;
  }

  /** Reads the journal in {@code dir} back (creating it if new), off the event loop. */
  public static Future<Journal> open(Vertx vertx, Path dir) {
    WorkerExecutor disk = vertx.createSharedWorkerExecutor("relais-journal-" + dir.toAbsolutePath(), 1);
    return disk.executeBlocking(() -> {
      Files.createDirectories(dir);
      Set<UUID> acknowledged = new HashSet<>();
      FileChannel forwarded = readLines(dir.resolve(FORWARDED), line -> acknowledged.add(UUID.fromString(line)));
      List<Entry> all = new ArrayList<>();
      FileChannel events = readLines(dir.resolve(EVENTS), line -> {
        JsonObject json = new JsonObject(line);
        all.add(new Entry(json.getLong("position"), SiteEvent.fromJson(json.getJsonObject("event"))));
      });
      Map<UUID, Entry> pending = new LinkedHashMap<>();
      all.stream().filter(e -> !acknowledged.contains(e.event().id())).forEach(e -> pending.put(e.event().id(), e));
      LOG.info("Journal {}: {} events, {} waiting for the hub", dir, all.size(), pending.size());
      return new Journal(disk, events, forwarded, all, pending);
    });
  }

  /** Records an event for good; the future completes once it is on disk. */
  public Future<Entry> append(SiteEvent event) {
    return disk.executeBlocking(() -> {
      Entry entry;
      synchronized (this) {
        entry = new Entry(all.isEmpty() ? 1 : all.get(all.size() - 1).position() + 1, event);
      }
      write(events, new JsonObject().put("position", entry.position()).put("event", event.toJson()).encode());
      synchronized (this) {
        all.add(entry);
        pending.put(event.id(), entry);
      }
      return entry;
    });
  }

  /** Notes that the hub holds these events; they are not sent again, even after a restart. */
  public Future<Void> acknowledged(Collection<UUID> ids) {
    return disk.executeBlocking(() -> {
      List<UUID> fresh;
      synchronized (this) {
        fresh = ids.stream().filter(pending::containsKey).toList();
      }
      if (!fresh.isEmpty()) {
        write(forwarded, String.join("\n", fresh.stream().map(UUID::toString).toList()));
        synchronized (this) {
          fresh.forEach(pending::remove);
        }
      }
      return null;
    });
  }

  /** The oldest events the hub has not acknowledged, at most {@code max}. */
  public synchronized List<SiteEvent> pending(int max) {
    return pending.values().stream().limit(max).map(Entry::event).toList();
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  public synchronized long position() {
    return all.isEmpty() ? 0 : all.get(all.size() - 1).position();
  }

  /** Every recorded event, oldest first: the room's state is folded from them. */
  public synchronized List<SiteEvent> events() {
    return all.stream().map(Entry::event).toList();
  }

  @Override
  public void close() {
    try {
      events.close();
      forwarded.close();
    } catch (IOException e) {
      LOG.warn("Could not close the journal", e);
    }
    disk.close();
  }

  private static void write(FileChannel channel, String lines) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((lines + "\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    channel.force(false);
  }

  private interface LineReader {
    void read(String line);
  }

  /**
   * Reads every whole line of {@code file}; a line that does not parse is skipped with a warning. An
   * unfinished last line (no newline: the write was cut) is trimmed off, so the next append starts clean.
   * Answers the file opened for appending.
   */
  private static FileChannel readLines(Path file, LineReader reader) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    byte[] content = Files.readAllBytes(file);
    int start = 0;
    int lineNumber = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] != '\n') {
        continue;
      }
      lineNumber++;
      String line = new String(content, start, i - start, StandardCharsets.UTF_8).strip();
      start = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      try {
        reader.read(line);
      } catch (DecodeException | InvalidSiteMessage | IllegalArgumentException | NullPointerException
          | ClassCastException e) {
        LOG.warn("{} line {} is damaged and skipped: {}", file.getFileName(), lineNumber, e.getMessage());
      }
    }
    if (start < content.length) {
      LOG.warn("{} ends with an unfinished line ({} bytes, a write cut short): skipped and trimmed",
          file.getFileName(), content.length - start);
      channel.truncate(start);
      channel.force(true);
    }
    channel.position(start);
    return channel;
  }
}
