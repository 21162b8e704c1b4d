package org.relais.loadtest.rooms;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.TrustOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.relais.hub.testing.Nginx;
import org.relais.loadtest.DurationConverter;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.InFlight;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.ViaOptions;
import org.relais.loadtest.hub.InProcessHub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The built-in rooms' signalling: relay latency through the event-bus bridge, side by side with a plain
 * WebSocket echo route of the same server (the floor), then the weight of many idle sockets.
 */
@Command(name = "rooms", mixinStandardHelpOptions = true,
    description = {"Benchmark the built-in rooms' event-bus bridge: peers in rooms exchange an offer or answer and "
        + "ICE candidates through the hub, side by side with a plain WebSocket echo route on the same server; then "
        + "many idle authenticated sockets, opened by a separate process, for the hub's heap per socket and CPU.",
        "Targets: bridge p99 under --max-ratio times the echo's and under --max-p99; heap per idle socket at most "
            + "--max-heap-per-socket."})
public final class RoomsCommand implements Callable<Integer> {
  private static final String ECHO_ADDRESS = "relais.bench.echo";
  private static final int LANES = 16;
  /** Tries at entering a room per socket, as the page's reconnection would. */
  static final int ATTEMPTS = 3;

  @Mixin
  HubOptions hubOptions;

  @Mixin
  ViaOptions via;

  @Option(names = "--rooms", defaultValue = "250", description = "Rooms exchanging signalling (default: "
      + "${DEFAULT-VALUE}).")
  int rooms;

  @Option(names = "--peers", defaultValue = "4", description = "Peers per room, an even number (default: "
      + "${DEFAULT-VALUE}).")
  int peers;

  @Option(names = "--candidates", defaultValue = "10", description = "ICE candidates each peer sends after its "
      + "offer or answer (default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(names = "--round", defaultValue = "1s", converter = DurationConverter.class, description = "Every peer "
      + "sends once per round, at a random moment of it (default: ${DEFAULT-VALUE}).")
  Duration round;

  @Option(names = "--warmup-rounds", defaultValue = "5", description = "Rounds not measured (default: "
      + "${DEFAULT-VALUE}).")
  int warmupRounds;

  @Option(names = "--measured-rounds", defaultValue = "20", description = "Rounds measured (default: "
      + "${DEFAULT-VALUE}).")
  int measuredRounds;

  @Option(names = "--idle-sockets", defaultValue = "10000", description = "Idle authenticated sockets (default: "
      + "${DEFAULT-VALUE}).")
  int idleSockets;

  @Option(names = "--idle-measure", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long the hub's CPU is measured with the idle sockets open (default: ${DEFAULT-VALUE}).")
  Duration idleMeasure;

  @Option(names = "--max-p99", defaultValue = "50ms", converter = DurationConverter.class,
      description = "Target: the bridge's p99 under this (default: ${DEFAULT-VALUE}).")
  Duration maxP99;

  @Option(names = "--max-ratio", defaultValue = "3", description = "Target: the bridge's p99 under this many "
      + "times the echo's (default: ${DEFAULT-VALUE}).")
  double maxRatio;

  @Option(names = "--max-heap-per-socket", defaultValue = "30", description = "Target: the hub's heap per idle "
      + "socket at most this many KB (default: ${DEFAULT-VALUE}).")
  double maxHeapKb;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (peers < 2 || peers % 2 != 0) {
      out.println("--peers must be an even number of at least 2: peers pair up, one offering, one answering");
      return LoadTest.TARGET_MISSED;
    }
    Machine machine = Machine.current();
    out.println("Relais benchmark: built-in rooms (event-bus bridge signalling, idle sockets)");
    out.println("Machine:  " + machine.describe());
    out.println("Load average (1 min) at start: " + Machine.describeLoad());
    int idleRooms = (idleSockets + peers - 1) / peers;
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles());
        InProcessHub hub = InProcessHub.start(run.dataDir(), hubValues(), router -> router.get(BenchSocket.ECHO_PATH)
            .handler(ctx -> ctx.request().toWebSocket().onSuccess(socket -> socket.handler(socket::write))
                .onFailure(ctx::fail)))) {
      out.println("Hub:      " + hub.describe() + "; bridge " + hub.config().rooms().messagesPerSecond()
          + " messages/s per socket, rooms of at most " + hub.config().rooms().maxPeers() + "; log in "
          + run.hubLog() + (run.kept() ? "" : " (removed at exit; --keep-files keeps it)"));
      long started = System.nanoTime();
      int seeded = Math.max(rooms, idleRooms);
      out.printf(Locale.ROOT, "Seeding:  %,d built-in rooms going on now, %d families each...%n", seeded, peers);
      List<RoomsSeed.Room> all = RoomsSeed.write(hub.app(), seeded, peers, out).await();
      out.printf(Locale.ROOT, "  seeded through the hub's services in %.1f s%n", (System.nanoTime() - started) / 1e9);

      List<SignallingLoad.Result> results = relay(Endpoint.direct(hub.port()), null, all.subList(0, rooms), out);
      List<SignallingLoad.Result> proxied = via.nginx() ? throughNginx(hub, all.subList(0, rooms), out) : List.of();
      Idle idle = idle(hub, run.root(), all, out);
      return report(results, proxied, idle, out);
    }
  }

  private Map<String, String> hubValues() {
    Map<String, String> values = new LinkedHashMap<>();
    // All the load comes from 127.0.0.1: the per-address limits would refuse it. BridgeTest and
    // JoinBruteForceTest test those limits.
    values.put("join.requestsPerMinutePerAddress", "1000000");
    values.put("bridge.maxSocketsPerAddress", String.valueOf(Math.max(idleSockets, rooms * peers) + 100));
    // The seeded classes take two families more than --peers, beside the instructor's seat.
    values.put("rooms.maxPeers", String.valueOf(Math.max(peers + 3, 6)));
    values.putAll(hubOptions.overrides());
    return values;
  }

  /**
   * The same rooms' peers again, each with a new ticket and socket, through nginx in front of the same hub; the
   * targets stay the hub's own, these figures say what the proxy adds.
   */
  private List<SignallingLoad.Result> throughNginx(InProcessHub hub, List<RoomsSeed.Room> measured, PrintStream out)
      throws InterruptedException {
    out.println("Through nginx: " + Nginx.BINARY + " running ops/nginx/relais.conf, sockets over TLS (wss), to the "
        + "same hub; the direct sockets are closed");
    try (Nginx nginx = ViaOptions.startNginx(hub.port())) {
      return relay(Endpoint.nginx(nginx.httpsPort()), ViaOptions.trust(nginx), measured, out);
    }
  }

  /** Echo, bridge, echo again: the same peers' messages, the floor measured before and after. */
  private List<SignallingLoad.Result> relay(Endpoint hub, TrustOptions trust, List<RoomsSeed.Room> measured,
      PrintStream out) throws InterruptedException {
    Vertx client = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      AtomicReference<SignallingLoad> current = new AtomicReference<>(new SignallingLoad());
      HttpClientOptions httpOptions = new HttpClientOptions();
      WebSocketClientOptions socketOptions = new WebSocketClientOptions().setMaxConnections(rooms * peers * 2 + LANES);
      if (trust != null) {
        httpOptions.setTrustOptions(trust);
        socketOptions.setTrustOptions(trust);
      }
      HttpClient http = client.createHttpClient(httpOptions, new PoolOptions().setHttp1MaxSize(LANES));
      WebSocketClient sockets = client.createWebSocketClient(socketOptions);
      List<String> tokens = measured.stream().flatMap(room -> room.tokens().stream()).toList();
      long started = System.nanoTime();
      AtomicInteger retried = new AtomicInteger();
      AtomicReference<String> firstRefusal = new AtomicReference<>();
      List<BenchSocket> bridge = InFlight.each(tokens, LANES, token -> BenchSocket.join(http, sockets, hub, token,
              frame -> current.get().received(frame), ATTEMPTS, refusal -> {
                retried.incrementAndGet();
                firstRefusal.compareAndSet(null, refusal.getMessage());
              })
          .map(socket -> socket.keepAlive(client)), done -> { }).await();
      List<BenchSocket> echo = InFlight.each(tokens, LANES,
          token -> BenchSocket.echo(sockets, hub, frame -> current.get().received(frame)), done -> { }).await();
      out.printf(Locale.ROOT, "Sockets:  %,d bridge sockets in %,d rooms of %d (each traded its join link for a "
              + "ticket and entered its room) and %,d echo sockets, opened in %.1f s%n", bridge.size(), measured.size(),
          peers, echo.size(), (System.nanoTime() - started) / 1e9);
      if (retried.get() > 0) {
        out.printf(Locale.ROOT, "  %d entries were refused once and tried again with a fresh ticket (first: %s)%n",
            retried.get(), firstRefusal.get());
      }
      out.printf(Locale.ROOT, "Load:     every peer, once per %s at a random moment, sends an %s or an answer "
              + "(%,d bytes of SDP) then %d candidates to its partner; %d rounds of warm-up, %d measured; "
              + "the echo sockets send the same frames to the echo route%n", DurationConverter.format(round), "offer",
          SignallingLoad.SDP_BYTES, candidates, warmupRounds, measuredRounds);
      List<SignallingLoad.Result> results = new ArrayList<>();
      results.add(measure("echo (floor)", current, client, senders(echo, false), out));
      results.add(measure("bridge", current, client, senders(bridge, true), out));
      results.add(measure("echo again", current, client, senders(echo, false), out));
      return results;
    } finally {
      client.close().await();
    }
  }

  private SignallingLoad.Result measure(String label, AtomicReference<SignallingLoad> current, Vertx client,
      List<SignallingLoad.Sender> senders, PrintStream out) throws InterruptedException {
    SignallingLoad load = new SignallingLoad();
    current.set(load);
    out.printf(Locale.ROOT, "  %s: %d s...%n", label, round.multipliedBy(warmupRounds + measuredRounds)
        .toSeconds() + 2);
    return load.run(label, client, senders, candidates, warmupRounds, measuredRounds, round);
  }

  /** Pairs the peers of each room: the first of a pair offers to the second, which answers. */
  private List<SignallingLoad.Sender> senders(List<BenchSocket> sockets, boolean bridge) {
    List<SignallingLoad.Sender> senders = new ArrayList<>(sockets.size());
    for (int i = 0; i < sockets.size(); i++) {
      BenchSocket partner = sockets.get(i % 2 == 0 ? i + 1 : i - 1);
      senders.add(new SignallingLoad.Sender(sockets.get(i), bridge ? partner.ticket.me() : ECHO_ADDRESS, i % 2 == 0));
    }
    return senders;
  }

  /** What the idle sockets cost the hub. */
  record Idle(int open, int failed, String firstFailure, long heapBefore, long heapAfter, double cpuShareOfCore,
      Duration measured) {
    double kbPerSocket() {
      return open == 0 ? Double.NaN : (heapAfter - heapBefore) / 1024.0 / open;
    }
  }

  private Idle idle(InProcessHub hub, Path runDir, List<RoomsSeed.Room> all, PrintStream out)
      throws IOException, InterruptedException {
    List<String> tokens = all.stream().flatMap(room -> room.tokens().stream()).limit(idleSockets).toList();
    Path file = runDir.resolve("idle-tokens.txt");
    Files.write(file, tokens);
    long heapBefore = heapAfterGc();
    out.printf(Locale.ROOT, "Idle:     the hub's heap after a full GC: %,.1f MB; a separate JVM now opens %,d bridge "
        + "sockets (ticket, enter the room), then only pings every %d s like the page%n", heapBefore / 1048576.0,
        tokens.size(), BenchSocket.PING_EVERY_MS / 1000);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process clients = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        IdleClients.class.getName(), String.valueOf(hub.port()), file.toString(), String.valueOf(LANES))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(clients.getInputStream(),
          StandardCharsets.UTF_8));
      String line;
      long started = System.nanoTime();
      while ((line = lines.readLine()) != null && !line.startsWith("ready")) {
        out.printf(Locale.ROOT, "  %s sockets open (%.0f s)%n", line.substring("progress ".length()),
            (System.nanoTime() - started) / 1e9);
      }
      if (line == null) {
        throw new IllegalStateException("the idle clients stopped before saying they were ready");
      }
      String[] ready = line.split(" ", 5);
      int open = Integer.parseInt(ready[1]);
      int failed = Integer.parseInt(ready[2]);
      out.printf(Locale.ROOT, "  %,d open (%,d on the hub), %,d failed, %s refusals tried again, in %.1f s; letting "
          + "them settle 15 s%n", open, hub.app().openBridgeSockets(), failed, ready[3],
          (System.nanoTime() - started) / 1e9);
      Thread.sleep(15_000);
      long heapAfter = heapAfterGc();
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long wallBefore = System.nanoTime();
      Thread.sleep(idleMeasure.toMillis());
      double share = (os.getProcessCpuTime() - cpuBefore) / (double) (System.nanoTime() - wallBefore);
      return new Idle(open, failed, ready.length > 4 ? ready[4] : "", heapBefore, heapAfter, share, idleMeasure);
    } finally {
      clients.getOutputStream().close();
      if (!clients.waitFor(30, TimeUnit.SECONDS)) {
        clients.destroyForcibly();
      }
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private int report(List<SignallingLoad.Result> results, List<SignallingLoad.Result> proxied, Idle idle,
      PrintStream out) {
    out.println();
    out.println("Relay latency, sent to received (ms)     p50      p90      p99    p99.9      max   received/sent");
    for (SignallingLoad.Result result : results) {
      printRow(result, "", out);
    }
    for (SignallingLoad.Result result : proxied) {
      printRow(result, "via nginx: ", out);
    }
    if (!proxied.isEmpty()) {
      out.printf(Locale.ROOT, "Through nginx vs direct: bridge p99 %.2f vs %.2f ms; echo p99 %.2f vs %.2f ms%n",
          proxied.get(1).millisAt(99), results.get(1).millisAt(99), proxied.get(0).millisAt(99),
          results.get(0).millisAt(99));
    }
    SignallingLoad.Result floor = results.get(0);
    // Nothing may be lost through nginx either; the latency targets are the hub's own, judged direct.
    boolean lostThroughNginx = proxied.stream().anyMatch(r -> r.received() != r.sent() || r.sent() == 0);
    SignallingLoad.Result bridge = results.get(1);
    double ratio = bridge.millisAt(99) / floor.millisAt(99);
    boolean lost = lostThroughNginx || results.stream().anyMatch(r -> r.received() != r.sent() || r.sent() == 0);
    boolean ratioOk = ratio < maxRatio;
    boolean p99Ok = bridge.millisAt(99) < maxP99.toNanos() / 1e6;
    boolean heapOk = idle.failed() == 0 && idle.kbPerSocket() <= maxHeapKb;
    out.printf(Locale.ROOT, "Bridge p99 / echo p99: %.2f (target < %.1f) %s; bridge p99 %.2f ms (target < %d ms) %s%n",
        ratio, maxRatio, ratioOk ? "PASS" : "FAIL", bridge.millisAt(99), maxP99.toMillis(), p99Ok ? "PASS" : "FAIL");
    out.printf(Locale.ROOT, "Idle sockets: %,d open%s; hub heap %,.1f MB -> %,.1f MB: %.1f KB per socket (target <= "
            + "%.0f KB) %s; hub CPU at idle %.1f %% of one core (%.1f %% of the machine's %d) over %s%n", idle.open(),
        idle.failed() == 0 ? "" : ", " + idle.failed() + " failed (first: " + idle.firstFailure() + ")",
        idle.heapBefore() / 1048576.0, idle.heapAfter() / 1048576.0, idle.kbPerSocket(), maxHeapKb,
        heapOk ? "PASS" : "FAIL", idle.cpuShareOfCore() * 100,
        idle.cpuShareOfCore() * 100 / Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors(), DurationConverter.format(idle.measured()));
    out.println("Load average (1 min) at end: " + Machine.describeLoad());
    boolean pass = ratioOk && p99Ok && heapOk && !lost;
    out.println("Verdict: " + (pass ? "PASS" : "FAIL") + (lost ? " (messages were lost)" : ""));
    return pass ? 0 : LoadTest.TARGET_MISSED;
  }

  private static void printRow(SignallingLoad.Result result, String prefix, PrintStream out) {
    out.printf(Locale.ROOT, "  %-34s %7.2f  %7.2f  %7.2f  %7.2f  %7.2f   %,d/%,d%n", prefix + result.label(),
        result.millisAt(50), result.millisAt(90), result.millisAt(99), result.millisAt(99.9),
        result.latencies().getMaxValue() / 1e6, result.received(), result.sent());
  }
}
