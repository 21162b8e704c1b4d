package org.relais.site.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.relais.protocol.site.SiteSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's schedule as the hub last sent it: in memory for the kiosk, and on disk
 * ({@code schedule.json}, replaced whole) so that the kiosk shows the right day after a restart with
 * the hub unreachable.
 */
public final class ScheduleSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleSnapshot.class);
  static final String FILE = "schedule.json";

  private final Vertx vertx;
  private final Path file;
  private final AtomicReference<SiteSchedule> current = new AtomicReference<>();

  private ScheduleSnapshot(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.file = dataDir.resolve(FILE);
  }

  /** Reads the last snapshot, if there is a readable one. */
  public static Future<ScheduleSnapshot> load(Vertx vertx, Path dataDir) {
    ScheduleSnapshot snapshot = new ScheduleSnapshot(vertx, dataDir);
    return vertx.fileSystem().exists(snapshot.file.toString()).compose(exists -> !exists
            ? Future.succeededFuture(snapshot)
            : vertx.fileSystem().readFile(snapshot.file.toString()).map(content -> {
              try {
                snapshot.current.set(SiteSchedule.fromJson(content.toJsonObject()));
              } catch (RuntimeException e) {
                LOG.warn("The schedule snapshot {} is unreadable; waiting for the hub's", snapshot.file, e);
              }
              return snapshot;
            }));
  }

  public Optional<SiteSchedule> current() {
    return Optional.ofNullable(current.get());
  }

  /** Keeps the hub's latest word, in memory at once and on disk after. */
  public Future<Void> replace(SiteSchedule schedule) {
    current.set(schedule);
    String temporary = file + ".new";
    return vertx.fileSystem().writeFile(temporary, Buffer.buffer(schedule.toJson().encode()))
        .compose(written -> vertx.fileSystem().move(temporary, file.toString(),
            new CopyOptions().setReplaceExisting(true).setAtomicMove(true)))
        .onFailure(e -> LOG.warn("Could not keep the schedule on disk", e));
  }
}
