package org.relais.hub.reminders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.outbox.OutboxMessage;
import org.relais.hub.sms.DeliveryState;
import org.relais.hub.sms.SmsLine;
import org.relais.hub.sms.SmsReceipt;
import org.relais.hub.sms.SmsRefused;
import org.relais.hub.sms.SmsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, one worker per hub node. Each round it leases a batch of due messages (a conditional UPDATE
 * that only takes rows whose lease is free or expired, the same on H2 and PostgreSQL), then for each: decides
 * (skip, wait for quiet hours or the day's cap), marks it SENDING in a committed write, hands it to its channel,
 * and marks it SENT, or PENDING again after a growing delay, or FAILED.
 *
 * <p>A lease on the message row rather than a job scheduler such as db-scheduler: the hub reaches its database
 * through Vert.x's asynchronous pool, where db-scheduler wants a blocking DataSource and threads of its own; and
 * the message row already is the job (its due time, attempts, status), so a second table of jobs would only have
 * to be kept in step with it.
 *
 * <p>At most once per key: a message found SENDING with its lease expired was being handed over by a node that
 * died; it is sent again only to a channel that takes the idempotency key (which then makes sure the family gets
 * it once), otherwise it is marked FAILED for staff to check.
 */
public final class OutboxWorker extends VerticleBase {
  static final String INTERRUPTED = "interrupted, may have been sent";
  private static final Duration MEASURE_EVERY = Duration.ofSeconds(15);
  /** Messages of a batch handled at once; the database pool (db.poolSize, 8 by default) is shared with the rest. */
  private static final int LANES = 4;
  private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);

  private final Outbox outbox;
  private final MessageComposer composer;
  private final ReminderPlanner planner;
  private final Mailer mailer;
  private final RemindersConfig config;
  private final QuietHours quiet;
  private final Clock clock;
  private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong due = new AtomicLong();
  private final AtomicLong oldestDueAgeSeconds = new AtomicLong();
  private final Map<Channel, Counter> sent = new EnumMap<>(Channel.class);
  private final Map<Channel, Counter> failed = new EnumMap<>(Channel.class);
  private long pollTimer = -1;
  private long planTimer = -1;
  private long measureTimer = -1;
  private Future<Integer> round = Future.succeededFuture(0);
  /** Texts each centre has handed over today, as counted in this round (see takeFromCap). */
  private final Map<UUID, AtomicInteger> handedToday =
      new ConcurrentHashMap<>();
  private volatile Instant capDay;

  public OutboxWorker(Outbox outbox, MessageComposer composer, ReminderPlanner planner, Mailer mailer,
      RemindersConfig config, QuietHours quiet, MeterRegistry metrics, Clock clock) {
    this.outbox = outbox;
    this.composer = composer;
    this.planner = planner;
    this.mailer = mailer;
    this.config = config;
    this.quiet = quiet;
    this.clock = clock;
    for (Channel channel : Channel.values()) {
      String name = channel.name().toLowerCase(Locale.ROOT);
      sent.put(channel, Counter.builder("relais.outbox.sent").tag("channel", name)
          .description("Messages handed over to their channel and accepted").register(metrics));
      failed.put(channel, Counter.builder("relais.outbox.failed").tag("channel", name)
          .description("Messages given up on (refused, out of attempts, interrupted)").register(metrics));
    }
    Gauge.builder("relais.outbox.due", due, AtomicLong::get)
        .description("Messages due and not yet handed over").register(metrics);
    Gauge.builder("relais.outbox.oldest.due.age", oldestDueAgeSeconds, AtomicLong::get).baseUnit("seconds")
        .description("How long the oldest due message has waited").register(metrics);
  }

  @Override
  public Future<?> start() {
    pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> runOnce());
    planTimer = vertx.setPeriodic(0, config.planInterval().toMillis(), id -> planner.plan()
        .onFailure(failure -> LOG.warn("Planning reminders failed; trying again at the next round", failure)));
    // Measured apart from the rounds: a round that hangs must not freeze the figures the alerts read.
    measureTimer = vertx.setPeriodic(MEASURE_EVERY.toMillis(), id -> measure()
        .onFailure(failure -> LOG.warn("Measuring the outbox failed", failure)));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(planTimer);
    vertx.cancelTimer(measureTimer);
    return round.transform(done -> Future.succeededFuture());
  }

  /**
   * One round: the interrupted messages, then every due message, batch after batch until none is left. Answers
   * how many messages it handled. A round never overlaps the previous one on this node.
   */
  public synchronized Future<Integer> runOnce() {
    if (!round.isComplete()) {
      return round;
    }
    handedToday.clear();
    round = interrupted().compose(n -> drain(n)).compose(n -> measure().map(n))
        .onFailure(failure -> LOG.warn("Delivering the outbox failed; trying again at the next round", failure));
    return round;
  }

  /** The worker's deployment, once deployed. */
  public String deployment() {
    return context == null ? null : context.deploymentID();
  }

  public ReminderPlanner planner() {
    return planner;
  }

  private Future<Integer> drain(int handled) {
    String owner = owner();
    return outbox.claimDue(owner, config.lease(), config.batchSize())
        .compose(batch -> batch.isEmpty() ? Future.succeededFuture(handled)
            : each(batch, owner, false).compose(n -> drain(handled + n)));
  }

  private Future<Integer> interrupted() {
    String owner = owner();
    return outbox.claimInterrupted(owner, config.lease(), config.batchSize())
        .compose(batch -> each(batch, owner, true));
  }

  private Future<Integer> each(List<OutboxMessage> batch, String owner, boolean interrupted) {
    // A few lanes at once, each one message after the other: the database's round trips overlap, and a provider
    // is not hit by a whole batch at once.
    List<Future<Integer>> lanes = new ArrayList<>();
    for (int lane = 0; lane < LANES; lane++) {
      Future<Integer> done = Future.succeededFuture(0);
      for (int i = lane; i < batch.size(); i += LANES) {
        OutboxMessage message = batch.get(i);
        done = done.compose(n -> deliver(message, owner, interrupted)
            .recover(failure -> {
              if (failure instanceof HandedOver) {
                // Sent, but not marked: left SENDING, it is dealt with as interrupted once its lease ends.
                LOG.warn("Message {} was handed over but could not be marked", message.id(), failure.getCause());
                return Future.succeededFuture();
              }
              LOG.warn("Message {} could not be handled; it is retried", message.id(), failure);
              return retry(message, owner, "error: " + failure.getClass().getSimpleName());
            })
            .map(n + 1));
      }
      lanes.add(done);
    }
    return Future.all(lanes).map(all -> lanes.stream().mapToInt(Future::result).sum());
  }

  /**
   * Takes one of the day's texts for the centre, or answers false when the cap is reached. The count is read from
   * the database once per centre and round, then kept here: counting anew for every text of a burst would read
   * the whole day's texts each time. Other nodes' texts of this round are not seen: the cap may be passed by a few.
   */
  private Future<Boolean> takeFromCap(UUID centreId, int cap, Instant now) {
    Instant dayStart = quiet.dayStart(now);
    Future<Integer> known = handedToday.containsKey(centreId) && dayStart.equals(capDay)
        ? Future.succeededFuture(0) : outbox.handedSince(centreId, Channel.SMS, dayStart).map(count -> {
          if (!dayStart.equals(capDay)) {
            handedToday.clear();
            capDay = dayStart;
          }
          handedToday.putIfAbsent(centreId, new AtomicInteger(count));
          return count;
        });
    return known.map(read -> {
      AtomicInteger count = handedToday.get(centreId);
      return count.getAndUpdate(n -> n < cap ? n + 1 : n) < cap;
    });
  }

  private Future<Void> deliver(OutboxMessage message, String owner, boolean interrupted) {
    Instant now = clock.instant();
    return composer.compose(message, now).compose(composed -> {
      if (composed.skip().isPresent()) {
        return outbox.finish(message.id(), owner, MessageStatus.SKIPPED, composed.skip().get());
      }
      if (composed.notBefore().isPresent() && !interrupted) {
        // The series was changed (not one sitting moved, which moves its reminders itself): wait for the new time.
        return outbox.defer(message.id(), owner, composed.notBefore().get(), "the sitting was put later");
      }
      if (message.channel() == Channel.EMAIL) {
        if (interrupted && !mailer.takesIdempotencyKey()) {
          return gaveUp(message, owner, INTERRUPTED);
        }
        return handOver(message, owner, () -> mailer.send(composed.mail().orElseThrow())
            .map(id -> new SmsReceipt(id, DeliveryState.SENT)));
      }
      SmsLine line = composed.line().orElseThrow();
      if (interrupted && !line.takesIdempotencyKey()) {
        return gaveUp(message, owner, INTERRUPTED);
      }
      if (!interrupted && quiet.contains(now) && !message.kind().passesQuietHours()) {
        return outbox.defer(message.id(), owner, quiet.endAfter(now), "quiet hours: deferred");
      }
      Future<Boolean> allowed = interrupted ? Future.succeededFuture(true)
          : takeFromCap(message.centreId(), line.dailyCap(), now);
      return allowed.compose(withinCap -> {
        if (!withinCap) {
          return outbox.defer(message.id(), owner, quiet.nextDay(now), "daily cap reached: deferred to the next day");
        }
        SmsRequest request = new SmsRequest(message.idempotencyKey(), composed.phone().orElseThrow(),
            composed.text());
        return handOver(message, owner, () -> line.gateway().send(request));
      });
    });
  }

  private Future<Void> handOver(OutboxMessage message, String owner,
      Supplier<Future<SmsReceipt>> send) {
    return outbox.markSending(message.id(), owner, config.lease()).compose(held -> {
      if (!held) {
        return Future.succeededFuture();
      }
      return send.get().transform(result -> {
        if (result.succeeded()) {
          sent.get(message.channel()).increment();
          SmsReceipt receipt = result.result();
          MessageStatus status = receipt.state() == DeliveryState.DELIVERED
              ? MessageStatus.DELIVERED : receipt.state() == DeliveryState.FAILED
              ? MessageStatus.FAILED : MessageStatus.SENT;
          return outbox.markSent(message.id(), owner, status, Optional.of(receipt.providerMessageId()))
              .recover(failure -> Future.failedFuture(new HandedOver(failure)));
        }
        Throwable failure = result.cause();
        if (failure instanceof SmsRefused refused) {
          return gaveUp(message, owner, "refused: " + refused.getMessage());
        }
        return retry(message, owner, "failed: " + failure.getMessage());
      });
    });
  }

  /** Again after retryFirst, doubling each time up to retryMax; FAILED once out of attempts. */
  private Future<Void> retry(OutboxMessage message, String owner, String reason) {
    int attempts = message.attempts() + 1;
    if (attempts >= config.maxAttempts()) {
      return gaveUp(message, owner, reason + " (" + attempts + " attempts)");
    }
    return outbox.defer(message.id(), owner, clock.instant().plus(backoff(attempts, config)), reason);
  }

  static Duration backoff(int attempts, RemindersConfig config) {
    Duration delay = config.retryFirst().multipliedBy(1L << Math.min(attempts - 1, 20));
    return delay.compareTo(config.retryMax()) > 0 ? config.retryMax() : delay;
  }

  private Future<Void> gaveUp(OutboxMessage message, String owner, String reason) {
    failed.get(message.channel()).increment();
    return outbox.finish(message.id(), owner, MessageStatus.FAILED, reason);
  }

  private Future<Void> measure() {
    Instant now = clock.instant();
    return outbox.backlog(now).map(backlog -> {
      due.set(backlog.due());
      oldestDueAgeSeconds.set(backlog.oldestDue().map(at -> Duration.between(at, now).toSeconds()).orElse(0L));
      return null;
    });
  }

  /** A message the channel accepted whose marking failed: it must not be retried as if it had not gone. */
  private static final class HandedOver extends RuntimeException {
    HandedOver(Throwable cause) {
      super(cause);
    }
  }

  private String owner() {
    return node + "/" + batches.incrementAndGet();
  }
}
