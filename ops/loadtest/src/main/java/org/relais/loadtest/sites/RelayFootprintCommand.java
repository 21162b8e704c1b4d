package org.relais.loadtest.sites;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.relais.loadtest.DurationConverter;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.hub.InProcessHub;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the relay-site costs the small machine at a centre: its jar started as in production, enrolled
 * with a hub in this JVM and holding a week's schedule, timed from the process starting to the kiosk's
 * sign-in page answering, then its resident memory after it has idled with its link up.
 */
@Command(name = "relay-footprint", mixinStandardHelpOptions = true,
    description = {"Benchmark the relay-site's start-up time and memory: the relay jar, enrolled with a hub in this "
        + "JVM and given a week's schedule, is started several times as a JVM of its own with -Xmx64m; each time, "
        + "from the process starting to the first 200 on /kiosk/login, then its resident set (VmRSS) after idling "
        + "with its link to the hub up.",
        "Targets, met by every start: start-up at most --max-startup, resident set at most --max-rss MB."})
public final class RelayFootprintCommand implements Callable<Integer> {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL_EVERY_MS = 10;

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--jar", defaultValue = "relay-site/target/relais-relay-site.jar", description = "The relay-site's "
      + "jar (default: ${DEFAULT-VALUE}, from the working directory).")
  Path jar;

  @Option(names = "--starts", defaultValue = "3", description = "Times the relay is started, each from the same "
      + "enrolled data directory, copied afresh (default: ${DEFAULT-VALUE}).")
  int starts;

  @Option(names = "--idle", defaultValue = "20s", converter = DurationConverter.class,
      description = "How long the relay idles, once its kiosk answers, before its memory is read (default: "
          + "${DEFAULT-VALUE}).")
  Duration idle;

  @Option(names = "--xmx", defaultValue = "64m", description = "The relay JVM's -Xmx (default: ${DEFAULT-VALUE}).")
  String xmx;

  /** As ops/relay-site/relais-relay-site.service runs it: a small heap wants a small collector. */
  @Option(names = "--jvm-option", paramLabel = "OPTION", split = ",",
      defaultValue = "-XX:+UseSerialGC,-XX:TieredStopAtLevel=1",
      description = "Options for the relay's JVM besides -Xmx, comma-separated (default: ${DEFAULT-VALUE}, as the "
          + "systemd unit runs it).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--sittings-per-day", defaultValue = "5", description = "Classes a day booked for the room, from "
      + "9:00 every two hours (default: ${DEFAULT-VALUE}).")
  int perDay;

  @Option(names = "--days", defaultValue = "7", description = "Days of classes from today (default: "
      + "${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--max-startup", defaultValue = "2s", converter = DurationConverter.class,
      description = "Target: from the process starting to the kiosk's first 200 (default: ${DEFAULT-VALUE}).")
  Duration maxStartup;

  @Option(names = "--max-rss", defaultValue = "96", description = "Target: the relay's resident set after idling, "
      + "in MB (default: ${DEFAULT-VALUE}).")
  double maxRssMb;

  /** One start: how long to the first 200, and the memory read after idling. */
  private record Start(Duration startup, long rssKb, long peakRssKb, int threads, int linkedSites) {}

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (!Files.isRegularFile(jar)) {
      out.println("No relay-site jar at " + jar.toAbsolutePath() + ": build it with ./mvnw -q -pl relay-site -am "
          + "-DskipTests package, or give --jar");
      return CommandLine.ExitCode.USAGE;
    }
    if (starts < 1 || perDay < 1 || perDay > 7 || days < 1) {
      out.println("--starts and --days must be at least 1, --sittings-per-day from 1 to 7");
      return CommandLine.ExitCode.USAGE;
    }
    if (!Files.isReadable(Path.of("/proc/self/status"))) {
      out.println("This benchmark reads the relay's memory from /proc/<pid>/status: Linux only");
      return CommandLine.ExitCode.USAGE;
    }
    Machine machine = Machine.current();
    out.println("Relais benchmark: relay-site footprint (start-up time, resident memory)");
    out.println("Machine:  " + machine.describe());
    out.println("Load average (1 min) at start: " + Machine.describeLoad());
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + xmx));
    jvm.addAll(jvmOptions);
    out.println("Relay:    " + jar.toAbsolutePath() + " (" + Files.size(jar) / 1024 + " KB), run as " + java + " "
        + String.join(" ", jvm) + " -jar ... serve");
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles());
        InProcessHub hub = InProcessHub.start(run.dataDir(), hubOptions.overrides(), router -> { })) {
      out.println("Hub:      " + hub.describe() + ", in this JVM; files in " + run.root()
          + (run.kept() ? "" : " (removed at exit; --keep-files keeps them)"));
      Path template = enrolled(hub, run.root(), java, jvm, out);
      List<Start> measured = new ArrayList<>();
      for (int i = 1; i <= starts; i++) {
        Start start = start(i, hub, template, run.root(), java, jvm);
        measured.add(start);
        out.printf(Locale.ROOT, "  start %d: kiosk answered 200 after %,d ms; after %s idle: VmRSS %.1f MB "
                + "(peak %.1f MB), %d threads, link %s%n", i, start.startup().toMillis(),
            DurationConverter.format(idle), start.rssKb() / 1024.0, start.peakRssKb() / 1024.0, start.threads(),
            start.linkedSites() == 1 ? "up" : "NOT up (" + start.linkedSites() + " links on the hub)");
      }
      return report(measured, out);
    }
  }

  /**
   * A data directory as the relay leaves it after {@code relay-site enrol}: a coordinator's code from the
   * hub, traded by the relay's own enrol command, and the room's week of classes as its schedule snapshot.
   */
  private Path enrolled(InProcessHub hub, Path runDir, String java, List<String> jvm, PrintStream out)
      throws IOException, InterruptedException {
    SitesSeed.Week week = SitesSeed.week(hub.app(), perDay, days).await();
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    String code;
    try {
      HubCalls calls = new HubCalls(client.createHttpClient(new PoolOptions()), hub.port());
      code = calls.login(SitesSeed.ADMIN_EMAIL, HubCalls.PASSWORD)
          .compose(bearer -> calls.enrolmentCode(bearer, week.site().id())).await();
    } finally {
      client.close().await();
    }
    Path template = runDir.resolve("relay-enrolled");
    Path log = runDir.resolve("relay-enrol.log");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString(), "--data", template.toString(), "enrol", "--hub",
        "http://" + HubCalls.HOST + ":" + hub.port(), "--code", code));
    Process enrol = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!enrol.waitFor(1, TimeUnit.MINUTES) || enrol.exitValue() != 0) {
      enrol.destroyForcibly();
      throw new IllegalStateException("relay-site enrol failed: " + Files.readString(log).strip());
    }
    Files.writeString(template.resolve("schedule.json"), week.schedule(hub.app(), Instant.now()).toJson().encode());
    out.printf(Locale.ROOT, "Room:     %s of %s, enrolled with relay-site enrol; %d classes booked for it (%d a day "
            + "for %d days), kept as its schedule snapshot (%,d bytes)%n", week.site().name(), week.centre().name(),
        week.booked().size(), perDay, days, Files.size(template.resolve("schedule.json")));
    out.printf(Locale.ROOT, "Starts:   %d, each from a fresh copy of that directory, the kiosk polled every %d ms%n",
        starts, POLL_EVERY_MS);
    return template;
  }

  private Start start(int index, InProcessHub hub, Path template, Path runDir, String java, List<String> jvm)
      throws IOException, InterruptedException {
    Path data = runDir.resolve("relay-" + index);
    Files.createDirectories(data);
    try (Stream<Path> files = Files.list(template)) {
      for (Path file : files.toList()) {
        Files.copy(file, data.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString(), "--data", data.toString(), "serve"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(runDir.resolve("relay-" + index + ".log").toFile());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(key -> key.startsWith("RELAIS_SITE_"));
    environment.put("RELAIS_SITE_KIOSK_PORT", String.valueOf(port));
    environment.put("RELAIS_SITE_KIOSK_HOST", HubCalls.HOST);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest login = HttpRequest.newBuilder(URI.create("http://" + HubCalls.HOST + ":" + port + "/kiosk/login"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    long started = System.nanoTime();
    Process relay = builder.start();
    try {
      Duration startup = null;
      while (startup == null) {
        if (!relay.isAlive()) {
          throw new IllegalStateException("the relay stopped (exit " + relay.exitValue() + "); see its log: "
              + Files.readString(runDir.resolve("relay-" + index + ".log")).strip());
        }
        if (System.nanoTime() - started > START_TIMEOUT.toNanos()) {
          throw new IllegalStateException("the relay's kiosk did not answer within " + START_TIMEOUT.toSeconds()
              + " s");
        }
        try {
          if (http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            startup = Duration.ofNanos(System.nanoTime() - started);
          }
        } catch (IOException notYet) {
          Thread.sleep(POLL_EVERY_MS);
        }
      }
      Thread.sleep(idle.toMillis());
      Path status = Path.of("/proc", String.valueOf(relay.pid()), "status");
      List<String> lines = Files.readAllLines(status);
      return new Start(startup, field(lines, "VmRSS").orElse(-1L), field(lines, "VmHWM").orElse(-1L),
          field(lines, "Threads").orElse(-1L).intValue(), hub.app().linkedSites());
    } finally {
      relay.destroy();
      if (!relay.waitFor(20, TimeUnit.SECONDS)) {
        relay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      // The hub hears of the closed link, and recomputes the live figures it changed, before the next start.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (hub.app().linkedSites() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Thread.sleep(1_000);
    }
  }

  private int report(List<Start> measured, PrintStream out) {
    List<Long> startups = measured.stream().map(s -> s.startup().toMillis()).sorted().toList();
    List<Long> rss = measured.stream().map(Start::rssKb).sorted().toList();
    long slowest = startups.get(startups.size() - 1);
    double largest = rss.get(rss.size() - 1) / 1024.0;
    boolean linked = measured.stream().allMatch(s -> s.linkedSites() == 1);
    boolean startupOk = slowest <= maxStartup.toMillis();
    boolean rssOk = rss.get(0) > 0 && largest <= maxRssMb;
    out.println();
    out.printf(Locale.ROOT, "Start-up to the kiosk's first 200: median %,.0f ms, max %,d ms (target <= %,d ms) %s%n",
        median(startups), slowest, maxStartup.toMillis(), pass(startupOk));
    out.printf(Locale.ROOT, "Resident set after %s idle: median %.1f MB, max %.1f MB (target <= %.0f MB) %s%n",
        DurationConverter.format(idle), median(rss) / 1024.0, largest, maxRssMb, pass(rssOk));
    out.printf(Locale.ROOT, "Link to the hub up while idling: %d/%d starts %s%n",
        measured.stream().filter(s -> s.linkedSites() == 1).count(), measured.size(), pass(linked));
    out.println("Load average (1 min) at end: " + Machine.describeLoad());
    boolean ok = startupOk && rssOk && linked;
    out.println("Verdict: " + pass(ok));
    return ok ? 0 : LoadTest.TARGET_MISSED;
  }

  private static double median(List<Long> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static String pass(boolean ok) {
    return ok ? "PASS" : "FAIL";
  }

  /** A {@code Name:   123 kB} line of /proc/PID/status, as a number. */
  private static Optional<Long> field(List<String> lines, String name) {
    return lines.stream().filter(line -> line.startsWith(name + ":")).findFirst().map(line -> {
      String value = line.substring(name.length() + 1).strip();
      int space = value.indexOf(' ');
      return Long.parseLong(space < 0 ? value : value.substring(0, space));
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
