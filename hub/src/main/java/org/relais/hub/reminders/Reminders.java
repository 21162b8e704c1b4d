package org.relais.hub.reminders;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import org.relais.hub.centres.CentreService;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStore;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.shortlinks.ShortLinks;
import org.relais.hub.sms.LocalOutboxGateway;
import org.relais.hub.sms.SmsLines;
import org.relais.protocol.JoinRole;

/**
 * The messages to families, wired: the worker delivering the outbox, the mail and SMS channels (by default the
 * local outbox under {@code data.dir/outbox}), the unsubscribe pages.
 */
public record Reminders(Outbox outbox, OutboxWorker worker, Mailer mailer, LocalOutboxGateway localSms,
    UnsubscribePages unsubscribe, RemindersConfig config) {

  /** Where the embedded default writes what it "sends": {@code sms.txt} and {@code mail/*.eml}. */
  public static Path outboxDir(Path dataDir) {
    return dataDir.resolve("outbox");
  }

  /** Texts go through each centre's SMS line; {@code localSms} is the embedded default's file. */
  public static Reminders wire(Vertx vertx, Path dataDir, RemindersConfig config, MailConfig mail, Outbox outbox,
      RegistrationStore registrationStore, RegistrationService registrations, ScheduleService schedule,
      SittingService sittings, CentreService centres, JoinLinks joinLinks, ShortLinks shortLinks, SmsLines lines,
      LocalOutboxGateway localSms, MeterRegistry metrics, Clock clock) {
    Notices notices = new Notices(schedule.zone());
    Mailer mailer = new Mailer(vertx, mail, outboxDir(dataDir).resolve("mail"));
    UnsubscribeTokens unsubscribeTokens = new UnsubscribeTokens(registrations::manageToken);
    MessageComposer composer = new MessageComposer(registrationStore, schedule, sittings, centres, outbox, lines,
        notices, familyLink(shortLinks, joinLinks),
        id -> joinLinks.address().link(UnsubscribePages.PATH + unsubscribeTokens.token(id)),
        joinLinks.address()::link);
    ReminderPlanner planner = new ReminderPlanner(outbox, schedule, sittings, config.horizon(), clock);
    OutboxWorker worker = new OutboxWorker(outbox, composer, planner, mailer, config,
        new QuietHours(config.quietFrom(), config.quietUntil(), schedule.zone()), metrics, clock);
    return new Reminders(outbox, worker, mailer, localSms,
        new UnsubscribePages(registrations, unsubscribeTokens, outbox, notices), config);
  }

  /** The family's link in its messages: the one place to change for another kind of link. */
  /**
   * The family's short link, which fits an SMS; the long one for a registration made before short links existed
   * (it gets a short one the first time its page is shown).
   */
  static PersonalLinks familyLink(ShortLinks shortLinks, JoinLinks joinLinks) {
    return (registration, session) -> shortLinks.forRegistration(registration.id())
        .recover(failure -> failure instanceof ShortLinks.UnknownShortLink
            ? joinLinks.token(session, JoinRole.PARTICIPANT, registration.id(), registration.details().displayName(),
                registration.tokenId()).map(joinLinks::url)
            : Future.failedFuture(failure));
  }

  public void mount(Router root, int maxBodyBytes) {
    unsubscribe.mount(root, maxBodyBytes);
  }

  /** Starts this node's worker, if it runs one. */
  public Future<Void> start(Vertx vertx) {
    return config.workerEnabled() ? vertx.deployVerticle(worker).mapEmpty() : Future.succeededFuture();
  }

  /** Lets the worker finish its round, then closes the mail client: before the database closes. */
  public Future<Void> stop(Vertx vertx) {
    String deployment = worker.deployment();
    Future<Void> undeployed = deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
    return undeployed.transform(done -> mailer.close());
  }
}
