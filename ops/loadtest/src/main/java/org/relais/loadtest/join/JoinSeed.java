package org.relais.loadtest.join;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.relais.hub.HubApplication;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.schedule.Session;
import org.relais.loadtest.InFlight;

/**
 * Writes a {@link JoinPlan} through the hub's own services: centres, sessions, then each family's
 * registration exactly as the registration form makes it (capacity check under the session's lock,
 * idempotency key, join token minted with the current key), a few at a time. Answers the join tokens,
 * in the plan's order.
 */
final class JoinSeed {
  private static final int IN_FLIGHT = 4;
  private static final int PROGRESS_EVERY = 500;

  private final HubApplication hub;
  private final PrintStream out;

  JoinSeed(HubApplication hub, PrintStream out) {
    this.hub = hub;
    this.out = out;
  }

  Future<List<String>> write(JoinPlan plan) {
    long started = System.nanoTime();
    out.printf(Locale.ROOT, "  creating %d centres and %d sessions...%n", plan.centres().size(),
        plan.sessions().size());
    return InFlight.each(plan.centres(), IN_FLIGHT, centre -> hub.centres().createTrusted(centre), done -> { })
        .compose(centres -> InFlight.each(plan.sessions(), IN_FLIGHT,
            draft -> hub.schedule().createTrusted(draft), done -> { }))
        .compose(sessions -> {
          out.printf(Locale.ROOT, "  registering %,d families...%n", plan.families().size());
          return InFlight.each(plan.families(), IN_FLIGHT, family -> register(sessions, family), done -> {
            if (done % PROGRESS_EVERY == 0 || done == plan.families().size()) {
              out.printf(Locale.ROOT, "  %,d/%,d registrations (%.1f s)%n", done, plan.families().size(),
                  (System.nanoTime() - started) / 1e9);
            }
          });
        });
  }

  private Future<String> register(List<Session> sessions, JoinPlan.Family family) {
    return hub.registrations().register(sessions.get(family.session()).id(), family.request(),
        family.idempotencyKey()).map(JoinSeed::confirmed);
  }

  /** The join token of a registration with a home place; a family left waiting would not measure the open room. */
  private static String confirmed(RegistrationService.Registered registered) {
    if (registered.registration().status() != RegistrationStatus.CONFIRMED) {
      throw new IllegalStateException("A registration was " + registered.registration().status()
          + " instead of CONFIRMED: the session's capacity is too small");
    }
    return registered.joinToken();
  }
}
