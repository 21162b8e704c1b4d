package org.relais.loadtest.schedule;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.relais.hub.HubApplication;
import org.relais.loadtest.InFlight;

/**
 * Writes a {@link SeedPlan} through the hub's own services, so every rule of a real booking applies
 * (instructor clash check, series expansion), a few writes at a time.
 */
final class ScheduleSeed {
  private static final int IN_FLIGHT = 4;
  private static final int PROGRESS_EVERY = 500;

  private final HubApplication hub;
  private final PrintStream out;

  ScheduleSeed(HubApplication hub, PrintStream out) {
    this.hub = hub;
    this.out = out;
  }

  Future<Void> write(SeedPlan plan) {
    long started = System.nanoTime();
    List<UUID> instructorIds = new ArrayList<>();
    out.printf(Locale.ROOT, "  creating %d centres and %d instructor accounts (each with its password hash)...%n",
        plan.centres().size(), plan.instructors().size());
    return InFlight.each(plan.centres(), IN_FLIGHT, centre -> hub.centres().createTrusted(centre), done -> { })
        .compose(v -> InFlight.each(plan.instructors(), IN_FLIGHT, draft -> hub.staff().createTrusted(draft),
            done -> { }))
        .map(members -> {
          members.forEach(member -> instructorIds.add(member.id()));
          out.printf(Locale.ROOT, "  centres and accounts done in %.1f s%n", (System.nanoTime() - started) / 1e9);
          return null;
        })
        .compose(v -> InFlight.each(plan.sessions(), IN_FLIGHT,
            s -> hub.schedule().createTrusted(s.draft(instructorIds)), done -> {
              if (done % PROGRESS_EVERY == 0 || done == plan.sessions().size()) {
                out.printf(Locale.ROOT, "  %,d/%,d sessions (%.1f s)%n", done, plan.sessions().size(),
                    (System.nanoTime() - started) / 1e9);
              }
            }))
        .mapEmpty();
  }
}
