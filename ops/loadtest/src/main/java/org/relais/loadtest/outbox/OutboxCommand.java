package org.relais.loadtest.outbox;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.relais.hub.HubApplication;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationStore;
import org.relais.hub.reminders.Mailer;
import org.relais.hub.reminders.MessageComposer;
import org.relais.hub.reminders.Notices;
import org.relais.hub.reminders.OutboxWorker;
import org.relais.hub.reminders.QuietHours;
import org.relais.hub.reminders.ReminderPlanner;
import org.relais.hub.reminders.RemindersConfig;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.sms.DeliveryState;
import org.relais.hub.sms.SmsGateway;
import org.relais.hub.sms.SmsLine;
import org.relais.hub.sms.SmsLines;
import org.relais.hub.sms.SmsReceipt;
import org.relais.hub.sms.SmsRequest;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Reminders of many families due in the same minute: the "le cours commence" text of every family of classes
 * that all start at the same time. A worker like a hub node's delivers them to a gateway that counts what it is
 * handed (a provider answering at once), measured against a baseline of one plain row update per message on the
 * same database, which is the least any outbox that marks what it sent has to do.
 */
@Command(name = "outbox", mixinStandardHelpOptions = true,
    description = {"Reminders due in the same minute, delivered by the outbox's worker to a counting gateway.",
        "Targets: every reminder handed over exactly once, within --max-time."})
public final class OutboxCommand implements Callable<Integer> {
  private static final int FAMILIES_PER_CLASS = 25;

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--families", defaultValue = "10000", description = "Families whose reminder is due in the same "
      + "minute (default: ${DEFAULT-VALUE}).")
  int families;

  @Option(names = "--workers", defaultValue = "1", description = "Workers sharing the outbox, as hub nodes would "
      + "(default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--max-time", defaultValue = "300", description = "Target: seconds until every reminder is handed "
      + "over (default: ${DEFAULT-VALUE}).")
  int maxSeconds;

  /** The hub's clock, moved forward once everything is seeded so every reminder falls due at once. */
  private static final class ShiftedClock extends Clock {
    volatile Duration shift = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(shift);
    }
  }

  /** Stands in for a provider that accepts at once: counts each key, and any key handed twice. */
  private static final class CountingGateway implements SmsGateway {
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    final AtomicInteger doubles = new AtomicInteger();
    final AtomicLong lastAt = new AtomicLong();

    @Override
    public Future<SmsReceipt> send(SmsRequest request) {
      if (!keys.add(request.idempotencyKey())) {
        doubles.incrementAndGet();
      }
      lastAt.set(System.nanoTime());
      return Future.succeededFuture(new SmsReceipt("bench-" + request.idempotencyKey(), DeliveryState.SENT));
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Machine machine = Machine.current();
    out.printf(Locale.ROOT, "Relais benchmark: outbox (%,d reminders due in the same minute, %d worker(s))%n",
        families, workers);
    out.println("Machine:  " + machine.describe());
    out.println("Load average (1 min) at start: " + Machine.describeLoad());
    ShiftedClock clock = new ShiftedClock();
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles())) {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("data.dir", run.dataDir().toString());
      values.put("http.host", "127.0.0.1");
      values.put("http.port", "0");
      values.put("outbox.worker", "false");
      // Built-in rooms seating a class of 25 families and its instructor.
      values.put("rooms.maxPeers", "30");
      values.putAll(hubOptions.overrides());
      HubConfig config = HubConfig.from(ConfigLoader.resolve(values, Map.of()));
      HubApplication hub = HubApplication.start(config, clock, router -> { }).await();
      try {
        out.println("Hub:      database " + config.db().safeUrl() + " (pool " + config.db().poolSize() + ")");
        return measure(hub, clock, out);
      } finally {
        hub.stop().await();
      }
    }
  }

  private int measure(HubApplication hub, ShiftedClock clock, PrintStream out) {
    long seedStart = System.nanoTime();
    Instant start = clock.instant().plus(Duration.ofMinutes(20)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    Centre centre = hub.centres().createTrusted(new Centre(UUID.randomUUID(), "Centre social du banc d'essai",
        CentreKind.SOCIAL_CENTRE, null, null, null, null, null, "01 23 45 67 89", null, 1)).await();
    int classes = (families + FAMILIES_PER_CLASS - 1) / FAMILIES_PER_CLASS;
    int registered = 0;
    for (int c = 0; c < classes && registered < families; c++) {
      Session session = hub.schedule().createTrusted(new SessionDraft("Cours " + c, Category.LANGUAGE, null, "fr",
          null, centre.id(), start, start.plus(Duration.ofHours(1)), null, FAMILIES_PER_CLASS, VideoMode.DIRECT,
          null)).await();
      List<Future<?>> batch = new ArrayList<>();
      for (int f = 0; f < FAMILIES_PER_CLASS && registered < families; f++, registered++) {
        batch.add(hub.registrations().register(session.id(), new RegistrationRequest("Famille " + registered, null,
            String.format(Locale.ROOT, "+336%08d", registered), 1, true, "fr"), null));
      }
      Future.all(batch).await();
    }
    Outbox outbox = hub.reminders().outbox();
    // Only the reminders are measured: the confirmations written with the registrations are taken as sent.
    int confirmations = outbox.pool().preparedQuery("UPDATE outbox_messages SET status = 'SENT' WHERE kind = 'CONFIRMED'")
        .execute().await().rowCount();
    out.printf(Locale.ROOT, "Seed:     %,d classes at %s, %,d families with a phone and consent, in %.1f s "
        + "(%,d confirmations set aside)%n", classes, start, registered, (System.nanoTime() - seedStart) / 1e9,
        confirmations);

    clock.shift = Duration.between(Instant.now(), start.minus(Duration.ofMinutes(15)));
    List<Long> ids = new ArrayList<>();
    outbox.pool().preparedQuery("SELECT id FROM outbox_messages WHERE kind = 'REMINDER_STARTING'").execute().await()
        .forEach(row -> ids.add(row.getLong("id")));
    double baselineSeconds = baseline(hub, ids);
    out.printf(Locale.ROOT, "Baseline: one UPDATE per message, one after the other: %,d in %.2f s = %,.0f/s%n",
        ids.size(), baselineSeconds, ids.size() / baselineSeconds);

    CountingGateway gateway = new CountingGateway();
    List<OutboxWorker> nodes = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      nodes.add(worker(hub, gateway, clock));
    }
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.gc();
    long heapBefore = usedHeap();
    AtomicLong heapPeak = new AtomicLong(heapBefore);
    long sampler = hub.vertx().setPeriodic(50, id -> heapPeak.accumulateAndGet(usedHeap(), Math::max));
    long cpuBefore = os.getProcessCpuTime();
    long wallBefore = System.nanoTime();
    List<Future<Integer>> rounds = new ArrayList<>();
    nodes.forEach(node -> rounds.add(node.runOnce()));
    Future.all(rounds).await();
    long wall = System.nanoTime() - wallBefore;
    double cpu = (os.getProcessCpuTime() - cpuBefore) / (double) wall;
    hub.vertx().cancelTimer(sampler);
    double handedSeconds = (gateway.lastAt.get() - wallBefore) / 1e9;

    int expected = ids.size();
    out.printf(Locale.ROOT, "Outbox:   %,d handed to the gateway in %.2f s = %,.0f messages/s (%.1f × the baseline's "
            + "time); hub process CPU %.0f %% of one core (%d cores); peak extra heap %,d MB%n",
        gateway.keys.size(), handedSeconds, gateway.keys.size() / handedSeconds, handedSeconds / baselineSeconds,
        cpu * 100, Runtime.getRuntime().availableProcessors(), (heapPeak.get() - heapBefore) / (1024 * 1024));
    long left = outbox.pool().preparedQuery("SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = "
        + "'REMINDER_STARTING' AND status <> 'SENT'").execute().await().iterator().next().getLong("n");
    out.printf(Locale.ROOT, "Checks:   %,d expected, %,d handed over, %,d handed twice, %,d not marked SENT%n",
        expected, gateway.keys.size(), gateway.doubles.get(), left);
    boolean met = gateway.keys.size() == expected && gateway.doubles.get() == 0 && left == 0
        && handedSeconds <= maxSeconds;
    out.println(met ? "Targets met." : "Targets MISSED.");
    return met ? 0 : LoadTest.TARGET_MISSED;
  }

  private static double baseline(HubApplication hub, List<Long> ids) {
    long before = System.nanoTime();
    Future<Void> chain = Future.succeededFuture();
    for (Long id : ids) {
      chain = chain.compose(v -> hub.reminders().outbox().pool()
          .preparedQuery("UPDATE outbox_messages SET lease_owner = NULL WHERE id = ?").execute(Tuple.of(id))
          .mapEmpty());
    }
    chain.await();
    return (System.nanoTime() - before) / 1e9;
  }

  private static OutboxWorker worker(HubApplication hub, SmsGateway gateway, Clock clock) {
    Outbox outbox = hub.reminders().outbox();
    RemindersConfig config = new RemindersConfig(false, Duration.ofSeconds(5), 200, Duration.ofMinutes(2), 8,
        Duration.ofMinutes(1), Duration.ofHours(1), LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, 1_000_000,
        Duration.ofHours(48), Duration.ofMinutes(10));
    ZoneId zone = hub.schedule().zone();
    MessageComposer composer = new MessageComposer(new RegistrationStore(outbox.pool(), clock), hub.schedule(),
        hub.sittings(), hub.centres(), outbox, SmsLines.everyCentre(new SmsLine(gateway, 1_000_000, true)),
        new Notices(zone), (registration, session) -> Future.succeededFuture("https://relais.example/j/7KQ2-M9XD"),
        id -> "https://relais.example/unsubscribe/" + id);
    return new OutboxWorker(outbox, composer, new ReminderPlanner(outbox, hub.schedule(), hub.sittings(),
        config.horizon(), clock), new Mailer(hub.vertx(), new org.relais.hub.reminders.MailConfig(Optional.empty(),
            25, org.relais.hub.reminders.MailConfig.StartTls.DISABLED, Optional.empty(), Optional.empty(),
            "relais@localhost.localdomain"), java.nio.file.Path.of("target")), config,
        new QuietHours(config.quietFrom(), config.quietUntil(), zone), new SimpleMeterRegistry(), clock);
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
