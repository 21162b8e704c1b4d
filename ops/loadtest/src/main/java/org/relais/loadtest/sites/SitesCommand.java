package org.relais.loadtest.sites;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.relais.loadtest.DurationConverter;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.InFlight;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.hub.InProcessHub;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Many relay-sites linked to one hub: each room's relay keeps its link on the live bridge (hello,
 * heartbeats) and reports a head count once a minute; consoles follow some of the classes. Measures how
 * long an event takes to show on a console, and what the links cost the hub in CPU and heap.
 */
@Command(name = "sites", mixinStandardHelpOptions = true,
    description = {"Benchmark relay-site links: many simulated relays, in a separate process, linked to a hub in "
        + "this JVM over the live bridge, each sending hello, a heartbeat at the hub's interval and one head-count "
        + "event per --event-every; classes booked for the rooms, some followed by consoles on the live bridge.",
        "Targets: every event acknowledged and every watched event shown; event-to-console p99 at most --max-p99; "
            + "hub CPU at most --max-cpu % of one core over the measured window; hub heap per linked relay at most "
            + "--max-heap-per-site KB."})
public final class SitesCommand implements Callable<Integer> {
  private static final int LANES = 16;
  private static final String ENROL_LIMIT_KEY = "join.requestsPerMinutePerAddress";

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--sites", defaultValue = "2000", description = "Relay-sites (rooms), each linked to the hub "
      + "(default: ${DEFAULT-VALUE}).")
  int sites;

  @Option(names = "--sessions", defaultValue = "100", description = "Classes going on now; each is booked for its "
      + "share of the rooms (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--consoles", defaultValue = "20", description = "Consoles, each following a different class's "
      + "live figures; only the events of those classes are timed (default: ${DEFAULT-VALUE}).")
  int consoles;

  @Option(names = "--event-every", defaultValue = "60s", converter = DurationConverter.class,
      description = "Each relay sends one head-count event this often, the relays spread evenly over it (default: "
          + "${DEFAULT-VALUE}).")
  Duration eventEvery;

  @Option(names = "--warmup", defaultValue = "60s", converter = DurationConverter.class,
      description = "Events sent before the measured window, not timed (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "3m", converter = DurationConverter.class,
      description = "The measured window (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--drain", defaultValue = "15s", converter = DurationConverter.class,
      description = "After the window, how long to wait for the last acknowledgements and updates (default: "
          + "${DEFAULT-VALUE}).")
  Duration drain;

  @Option(names = "--settle", defaultValue = "10s", converter = DurationConverter.class,
      description = "Once every relay is linked, how long before the hub's heap is measured (default: "
          + "${DEFAULT-VALUE}).")
  Duration settle;

  @Option(names = "--max-p99", defaultValue = "1s", converter = DurationConverter.class,
      description = "Target: an event shows on the console within this, at the 99th percentile (default: "
          + "${DEFAULT-VALUE}).")
  Duration maxP99;

  @Option(names = "--max-cpu", defaultValue = "50", description = "Target: the hub's CPU over the measured window "
      + "at most this % of one core (default: ${DEFAULT-VALUE}).")
  double maxCpu;

  @Option(names = "--max-heap-per-site", defaultValue = "30", description = "Target: the hub's heap per linked "
      + "relay at most this many KB (default: ${DEFAULT-VALUE}).")
  double maxHeapKb;

  /** What the clients' process reported, and what the hub cost meanwhile. */
  private record Run(int linked, int failed, int retried, int consoles, long heartbeatSeconds, String firstFailure,
      long heapBefore, long heapLinked, long heapAfter, double cpuCores, Duration window, long gcCount, long gcMillis,
      JsonObject result) {}

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (sites < 1 || sessions < 1 || sessions > sites || consoles < 1) {
      out.println("--sites, --sessions and --consoles must be at least 1, and --sessions at most --sites");
      return CommandLine.ExitCode.USAGE;
    }
    consoles = Math.min(consoles, sessions);
    Machine machine = Machine.current();
    out.println("Relais benchmark: relay-site links (live bridge, head counts to consoles)");
    out.println("Machine:  " + machine.describe());
    out.println("Load average (1 min) at start: " + Machine.describeLoad());
    Map<String, String> values = new LinkedHashMap<>();
    // Every relay enrols and links from 127.0.0.1: the per-address limits on /api/v1/sites/enrol and on the
    // live bridge's sockets would refuse it. The frame budget stays as configured: relays and consoles keep to it.
    values.put(ENROL_LIMIT_KEY, "1000000");
    values.put("live.maxSocketsPerAddress", String.valueOf(Math.min(100_000, sites + consoles + 100)));
    values.putAll(hubOptions.overrides());
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles());
        InProcessHub hub = InProcessHub.start(run.dataDir(), values, router -> { })) {
      out.println("Hub:      " + hub.describe() + "; relays' heartbeat every "
          + DurationConverter.format(hub.config().sites().heartbeatInterval()) + ", offline after "
          + DurationConverter.format(hub.config().sites().silenceLimit()) + " of silence; log in " + run.hubLog()
          + (run.kept() ? "" : " (removed at exit; --keep-files keeps it)"));
      long started = System.nanoTime();
      out.printf(Locale.ROOT, "Seeding:  %,d rooms (two per centre), %,d classes going on now, each booked for %,d "
          + "rooms...%n", sites, sessions, sites / sessions);
      SitesSeed.Network network = SitesSeed.network(hub.app(), sites, sessions, out).await();
      out.printf(Locale.ROOT, "  seeded through the hub's services in %.1f s%n", (System.nanoTime() - started) / 1e9);
      Path plan = plan(hub, network, run.root(), out);
      Run measured = measure(hub, plan, out);
      return report(measured, out);
    }
  }

  /** Signs in, enrols every room's relay over HTTP as a coordinator and a relay would, and writes the clients' plan. */
  private Path plan(InProcessHub hub, SitesSeed.Network network, Path runDir, PrintStream out) throws IOException {
    long started = System.nanoTime();
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      HubCalls calls = new HubCalls(client.createHttpClient(new PoolOptions().setHttp1MaxSize(LANES)), hub.port());
      String bearer = calls.login(SitesSeed.ADMIN_EMAIL, HubCalls.PASSWORD).await();
      out.printf(Locale.ROOT, "Enrolling: every relay gets a code (POST /api/v1/sites/{id}/credentials as the admin) "
          + "and trades it for its credential (POST /api/v1/sites/enrol)...%n");
      List<String> credentials = InFlight.each(network.sites(), LANES, site -> calls.enrolmentCode(bearer, site.id())
          .compose(calls::enrol).map(enrolled -> enrolled.getString("credential")), done -> {
            if (done % 500 == 0) {
              out.printf(Locale.ROOT, "  %,d/%,d enrolled (%.1f s)%n", done, network.sites().size(),
                  (System.nanoTime() - started) / 1e9);
            }
          }).await();
      JsonArray siteEntries = new JsonArray();
      for (int i = 0; i < network.sites().size(); i++) {
        siteEntries.add(new JsonArray().add(network.sites().get(i).id().toString())
            .add(network.sessionOf(i).id().toString()).add(credentials.get(i)));
      }
      // Consoles follow classes spread over the list, each a different one.
      JsonArray watched = new JsonArray(IntStream.range(0, consoles)
          .mapToObj(i -> network.sessions().get(i * sessions / consoles).id().toString()).toList());
      JsonObject content = new JsonObject().put("port", hub.port()).put("bearer", bearer).put("lanes", LANES)
          .put("eventEveryMs", eventEvery.toMillis()).put("warmupMs", warmup.toMillis())
          .put("durationMs", duration.toMillis()).put("drainMs", drain.toMillis()).put("sites", siteEntries)
          .put("consoles", watched);
      Path file = runDir.resolve("site-clients.json");
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, content.encode());
      return file;
    } finally {
      client.close().await();
    }
  }

  private Run measure(InProcessHub hub, Path plan, PrintStream out) throws IOException, InterruptedException {
    long heapBefore = heapAfterGc();
    out.printf(Locale.ROOT, "Linking:  the hub's heap after a full GC: %,.1f MB; a separate JVM now opens %,d relay "
        + "links (ticket with the credential, socket, inbox, hello, schedule back) and %d consoles...%n",
        heapBefore / 1048576.0, sites, consoles);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process clients = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SiteClients.class.getName(), plan.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (OutputStream commands = clients.getOutputStream()) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(clients.getInputStream(),
          StandardCharsets.UTF_8));
      long started = System.nanoTime();
      String line;
      while ((line = lines.readLine()) != null && !line.startsWith("ready")) {
        int linkedSoFar = Integer.parseInt(line.substring("progress ".length()));
        out.printf(Locale.ROOT, "  %,d relays linked (%.0f s)%n", linkedSoFar, (System.nanoTime() - started) / 1e9);
      }
      if (line == null) {
        throw new IllegalStateException("the clients stopped before saying they were ready");
      }
      String[] ready = line.split(" ", 7);
      int linked = Integer.parseInt(ready[1]);
      int failed = Integer.parseInt(ready[2]);
      int retried = Integer.parseInt(ready[3]);
      int consoleCount = Integer.parseInt(ready[4]);
      long heartbeat = Long.parseLong(ready[5]);
      String firstFailure = ready.length > 6 ? ready[6] : "";
      out.printf(Locale.ROOT, "  %,d linked (%,d on the hub), %,d failed, %,d tried again, %d consoles following, in "
              + "%.1f s%s; letting them settle %s%n", linked, hub.app().linkedSites(), failed, retried, consoleCount,
          (System.nanoTime() - started) / 1e9, firstFailure.isEmpty() ? "" : " (first failure: " + firstFailure + ")",
          DurationConverter.format(settle));
      Thread.sleep(settle.toMillis());
      long heapLinked = heapAfterGc();
      out.printf(Locale.ROOT, "Load:     every relay sends a head-count event every %s (first ones spread evenly over "
              + "it), pings and heartbeats every %d s; %s of warm-up, %s measured...%n",
          DurationConverter.format(eventEvery), heartbeat, DurationConverter.format(warmup),
          DurationConverter.format(duration));
      commands.write("go\n".getBytes(StandardCharsets.UTF_8));
      commands.flush();
      long cpuStart = 0;
      long wallStart = 0;
      long gcCountStart = 0;
      long gcMillisStart = 0;
      double cpuCores = Double.NaN;
      Duration window = Duration.ZERO;
      long gcCount = 0;
      long gcMillis = 0;
      JsonObject result = null;
      while (result == null && (line = lines.readLine()) != null) {
        if (line.equals("window-start")) {
          cpuStart = os.getProcessCpuTime();
          wallStart = System.nanoTime();
          gcCountStart = gcCount();
          gcMillisStart = gcMillis();
          out.println("  warm-up done; measuring");
        } else if (line.equals("window-end")) {
          long wall = System.nanoTime() - wallStart;
          cpuCores = (os.getProcessCpuTime() - cpuStart) / (double) wall;
          window = Duration.ofNanos(wall);
          gcCount = gcCount() - gcCountStart;
          gcMillis = gcMillis() - gcMillisStart;
          out.println("  measured window over; waiting for the last acknowledgements and updates");
        } else if (line.startsWith("tick ")) {
          JsonObject tick = new JsonObject(line.substring("tick ".length()));
          out.printf(Locale.ROOT, "  %3d s: %,d events sent, %,d acknowledged, %,d console updates, %,d relays linked"
                  + "%s%n", tick.getLong("seconds"), tick.getLong("sent"), tick.getLong("acked"),
              tick.getLong("updates"), tick.getLong("linked"), tick.getLong("errors") == 0 ? ""
                  : ", " + tick.getLong("errors") + " errors");
        } else if (line.startsWith("result ")) {
          result = new JsonObject(line.substring("result ".length()));
        }
      }
      if (result == null) {
        throw new IllegalStateException("the clients stopped before giving their result");
      }
      long heapAfter = heapAfterGc();
      return new Run(linked, failed, retried, consoleCount, heartbeat, firstFailure, heapBefore, heapLinked, heapAfter,
          cpuCores, window, gcCount, gcMillis, result);
    } finally {
      if (!clients.waitFor(30, TimeUnit.SECONDS)) {
        clients.destroyForcibly();
      }
      // The hub hears of every closed link, and recomputes the live figures they changed, before it stops.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (hub.app().linkedSites() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(2_000);
    }
  }

  private int report(Run run, PrintStream out) {
    JsonObject result = run.result();
    Histogram shown = SiteLoad.decode(result.getString("shownAfter"));
    Histogram acked = SiteLoad.decode(result.getString("ackedAfter"));
    long sentInWindow = result.getLong("sentInWindow");
    long watched = result.getLong("watchedInWindow");
    long shownCount = result.getLong("shownInWindow");
    long updates = result.getLong("updates");
    long sent = result.getLong("sent");
    long ackedCount = result.getLong("acked");
    long errors = result.getLong("errors");
    long closed = result.getLong("closed");
    long overCounted = result.getLong("overCounted");
    double windowSeconds = run.window().toNanos() / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    out.println();
    out.printf(Locale.ROOT, "Relays:   %,d linked of %,d (%,d failed, %,d tried again), %d consoles; %,d events sent "
            + "in the measured %.0f s (%.1f/s), %,d in all%n", run.linked(), sites, run.failed(), run.retried(),
        run.consoles(), sentInWindow, windowSeconds, sentInWindow / windowSeconds, sent);
    out.println("Latency (ms)                              p50      p90      p99    p99.9      max   timed");
    out.printf(Locale.ROOT, "  %-36s %7.1f  %7.1f  %7.1f  %7.1f  %7.1f   %,d of %,d%n", "event to console update",
        millis(shown, 50), millis(shown, 90), millis(shown, 99), millis(shown, 99.9), shown.getMaxValue() / 1e6,
        shownCount, watched);
    out.printf(Locale.ROOT, "  %-36s %7.1f  %7.1f  %7.1f  %7.1f  %7.1f   %,d of %,d%n", "event to acknowledgement",
        millis(acked, 50), millis(acked, 90), millis(acked, 99), millis(acked, 99.9), acked.getMaxValue() / 1e6,
        acked.getTotalCount(), sentInWindow);
    out.printf(Locale.ROOT, "Consoles: %,d updates received, %,.0f bytes each on average%n", updates,
        updates == 0 ? 0.0 : result.getLong("updateBytes") / (double) updates);
    double cpuShare = run.cpuCores() * 100;
    out.printf(Locale.ROOT, "Hub CPU:  %.1f %% of one core over the measured %.0f s (process CPU load %.1f %% of the "
            + "machine's %d cores); GC: %d collections, %d ms%n", cpuShare, windowSeconds, cpuShare / cores, cores,
        run.gcCount(), run.gcMillis());
    double perSiteKb = run.linked() == 0 ? Double.NaN : (run.heapLinked() - run.heapBefore()) / 1024.0 / run.linked();
    out.printf(Locale.ROOT, "Hub heap: after a full GC %,.1f MB before linking, %,.1f MB linked and idle (%.1f KB per "
            + "relay), %,.1f MB after the run%n", run.heapBefore() / 1048576.0, run.heapLinked() / 1048576.0,
        perSiteKb, run.heapAfter() / 1048576.0);

    boolean allLinked = run.linked() == sites && run.consoles() == consoles;
    boolean steady = errors == 0 && closed == 0 && result.getLong("linked") == sites;
    boolean allAcked = result.getLong("awaitingAck") == 0 && ackedCount == sent && sent > 0;
    boolean allShown = shownCount == watched && watched > 0 && overCounted == 0;
    double p99 = millis(shown, 99);
    boolean p99Ok = shown.getTotalCount() > 0 && p99 <= maxP99.toNanos() / 1e6;
    boolean cpuOk = cpuShare <= maxCpu;
    boolean heapOk = perSiteKb <= maxHeapKb;
    out.printf(Locale.ROOT, "Every relay and console linked: %,d/%,d relays, %d/%d consoles %s%n", run.linked(), sites,
        run.consoles(), consoles, pass(allLinked));
    out.printf(Locale.ROOT, "Links steady (none closed, nothing refused): %d closed, %d errors%s %s%n", closed, errors,
        result.getString("firstError").isEmpty() ? "" : " (first: " + result.getString("firstError") + ")",
        pass(steady));
    out.printf(Locale.ROOT, "Every event acknowledged: %,d/%,d %s%n", ackedCount, sent, pass(allAcked));
    out.printf(Locale.ROOT, "Every watched event shown on its console: %,d/%,d%s %s%n", shownCount, watched,
        overCounted == 0 ? "" : ", " + overCounted + " head counts too high", pass(allShown));
    out.printf(Locale.ROOT, "Event to console p99: %.1f ms (target <= %d ms) %s%n", p99, maxP99.toMillis(),
        pass(p99Ok));
    out.printf(Locale.ROOT, "Hub CPU: %.1f %% of one core (target <= %.0f %%) %s%n", cpuShare, maxCpu, pass(cpuOk));
    out.printf(Locale.ROOT, "Hub heap per linked relay: %.1f KB (target <= %.0f KB) %s%n", perSiteKb, maxHeapKb,
        pass(heapOk));
    out.println("Load average (1 min) at end: " + Machine.describeLoad());
    boolean ok = allLinked && steady && allAcked && allShown && p99Ok && cpuOk && heapOk;
    out.println("Verdict: " + pass(ok));
    return ok ? 0 : LoadTest.TARGET_MISSED;
  }

  private static String pass(boolean ok) {
    return ok ? "PASS" : "FAIL";
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }
}
