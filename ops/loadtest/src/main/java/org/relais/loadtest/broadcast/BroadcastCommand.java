package org.relais.loadtest.broadcast;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.loadtest.DurationConverter;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.InFlight;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.http.ClosedLoopLoad;
import org.relais.loadtest.http.LoadResult;
import org.relais.loadtest.http.LoadSettings;
import org.relais.loadtest.http.ResultTable;
import org.relais.loadtest.http.UriCycle;
import org.relais.loadtest.hub.InProcessHub;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A live BROADCAST sitting fed by a real studio stream, watched by many families at once as players watch HLS,
 * against the same files served by the hub's static handler; the hub idle beside it; and the latencies of the
 * live chain.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
    description = {"Benchmark a live broadcast: a BROADCAST sitting fed over the hub's ingest WebSocket by ffmpeg's "
        + "test picture and tone (WebM, as the studio sends it), its three renditions made by the hub's ffmpeg, and "
        + "--viewers families (each with its own join link, in a JVM of their own) following the live playlists as "
        + "players do. The same hub idle (the broadcast on, no viewer) and the same files served through the hub's "
        + "static handler are measured in the same run.",
        "Targets: no viewer stalled, no request failed, glass-to-glass (EXT-X-PROGRAM-DATE-TIME against the "
            + "viewers' clock) p99 at most --max-glass-to-glass."})
public final class BroadcastCommand implements Callable<Integer> {
  static final String STATIC_PREFIX = "/bench/hls";
  static final String HUB_LABEL = "hub (/b/{link}/…)";
  static final String STATIC_LABEL = "static handler (baseline)";
  private static final String PASSWORD = "relais-bench-2026";
  private static final int IN_FLIGHT = 4;

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--viewers", defaultValue = "500", description = "Families watching at once (default: "
      + "${DEFAULT-VALUE}).")
  int viewers;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "Measured time of each phase (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
      description = "Viewers watching before each measurement (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--idle", defaultValue = "20s", converter = DurationConverter.class,
      description = "How long the hub is measured live with no viewer (default: ${DEFAULT-VALUE}).")
  Duration idle;

  @Option(names = "--mix", defaultValue = "360p=6,audio=3,720p=1", description = "Which rendition the viewers "
      + "follow, in proportions (default: ${DEFAULT-VALUE}).")
  String mix;

  @Option(names = "--studio-size", defaultValue = "1280x720", description = "The studio camera's picture "
      + "(default: ${DEFAULT-VALUE}).")
  String studioSize;

  @Option(names = "--studio-kbps", defaultValue = "2000", description = "The studio's VP8 bit rate (default: "
      + "${DEFAULT-VALUE}).")
  int studioKbps;

  @Option(names = "--clip", defaultValue = "20", description = "Seconds of the studio's clip, encoded once (kept in "
      + "the temporary directory) and played in a loop (default: ${DEFAULT-VALUE}).")
  int clipSeconds;

  @Option(names = "--capacity", defaultValue = "15s", converter = DurationConverter.class,
      description = "At the end, each of four routes loaded as fast as it answers (closed loop, "
          + "--capacity-connections) for this long after 5 s of warm-up: the hub's segment and playlist routes and "
          + "the static handler's; 0s: skip (default: ${DEFAULT-VALUE}).")
  Duration capacity;

  @Option(names = "--capacity-connections", defaultValue = "50", description = "Connections of the capacity runs "
      + "(default: ${DEFAULT-VALUE}).")
  int capacityConnections;

  @Option(names = "--baseline-first", description = "Measure the static handler before the hub's routes (by "
      + "default after), to see whether the order matters.")
  boolean baselineFirst;

  @Option(names = "--max-glass-to-glass", defaultValue = "8s", converter = DurationConverter.class,
      description = "Target: glass-to-glass p99 at most this (default: ${DEFAULT-VALUE}).")
  Duration maxGlassToGlass;

  /** One phase's viewers: what they saw, and what it cost. */
  record Phase(String label, JsonObject result, Usage usage) {}

  private record Family(String token, String rendition) {}

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Map<String, Integer> weights = mix(mix);
    Machine machine = Machine.current();
    out.println("Relais benchmark: live broadcast (studio -> ffmpeg -> HLS -> families following the playlists)");
    out.println("Machine:  " + machine.describe());
    out.println("Load average (1 min) at start: " + Machine.describeLoad());
    long encoding = System.nanoTime();
    StudioClip clip = StudioClip.make(studioSize, studioKbps, clipSeconds);
    out.printf(Locale.ROOT, "Studio:   ffmpeg's test picture (%s, 25 fps, VP8 %d kbit/s) and tone (Opus 64 kbit/s), "
        + "%d s in WebM clusters of about 500 ms as MediaRecorder sends them, %d clusters, ready in %.1f s; played "
        + "in a "
        + "loop, each cluster sent once complete%n", studioSize, studioKbps, clipSeconds, clip.size(),
        (System.nanoTime() - encoding) / 1e9);
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles());
        InProcessHub hub = InProcessHub.start(run.dataDir(), hubValues(), router -> router.route(STATIC_PREFIX + "/*")
            .handler(StaticHandler.create(FileSystemAccess.ROOT, run.dataDir().resolve("broadcast").toAbsolutePath()
                .toString()).setCachingEnabled(false).setDirectoryListing(false)))) {
      out.println("Hub:      " + hub.describe() + ", segments of " + hub.config().broadcast().segmentSeconds()
          + " s; log in " + run.hubLog() + (run.kept() ? "" : " (removed at exit; --keep-files keeps it)"));
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      try {
        return measure(hub, run, vertx, clip, weights, machine, out);
      } finally {
        vertx.close().await();
      }
    }
  }

  private Map<String, String> hubValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("join.requestsPerMinutePerAddress", "1000000");
    values.put("broadcast.rtmpPort", "-1");
    values.putAll(hubOptions.overrides());
    return values;
  }

  static Map<String, Integer> mix(String text) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] pair = part.strip().split("=");
      if (pair.length != 2 || !Set.of("360p", "720p", "audio").contains(pair[0].strip())
          || Integer.parseInt(pair[1].strip()) < 0) {
        throw new IllegalArgumentException("--mix reads like 360p=6,audio=3,720p=1");
      }
      weights.put(pair[0].strip(), Integer.parseInt(pair[1].strip()));
    }
    if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
      throw new IllegalArgumentException("--mix gives no rendition any viewer");
    }
    return weights;
  }

  /** The rendition of the {@code i}-th viewer: the mix's proportions, interleaved. */
  static String renditionOf(int i, Map<String, Integer> weights) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    int slot = i % total;
    for (Map.Entry<String, Integer> weight : weights.entrySet()) {
      if (slot < weight.getValue()) {
        return weight.getKey();
      }
      slot -= weight.getValue();
    }
    throw new IllegalStateException();
  }

  private int measure(InProcessHub hub, RunDirectory run, Vertx vertx, StudioClip clip, Map<String, Integer> weights,
      Machine machine, PrintStream out) throws Exception {
    long started = System.nanoTime();
    HttpClient http = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(8));
    Centre centre = hub.app().centres().createTrusted(new Centre(UUID.randomUUID(), "Centre social Les Tilleuls",
        CentreKind.SOCIAL_CENTRE, "1 rue des Écoles", "59000", "Lille", null, null, null, null, 1)).await();
    StaffMember instructor = hub.app().staff().createTrusted(new StaffDraft("studio@bench.relais.test",
        "Studio", Role.INSTRUCTOR, Set.of(centre.id()), PASSWORD)).await();
    Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
    UUID sessionId = hub.app().schedule().createTrusted(new SessionDraft("Cuisine en direct", Category.COOKING, null,
        "fr", instructor.id(), centre.id(), start, start.plus(Duration.ofHours(3)), null, viewers + 10,
        VideoMode.BROADCAST, null)).await().id();
    List<Integer> indexes = java.util.stream.IntStream.range(0, viewers + 1).boxed().toList();
    List<String> tokens = InFlight.each(indexes, IN_FLIGHT, i -> hub.app().registrations().register(sessionId,
        new RegistrationRequest("Famille " + (i + 1), null, null, 1, false, "fr"), "bench-" + i).map(registered -> {
          if (registered.registration().status() != RegistrationStatus.CONFIRMED) {
            throw new IllegalStateException("a family was left " + registered.registration().status());
          }
          return registered.joinToken();
        }), done -> { }).await();
    String bearer = call(http, hub.port(), HttpMethod.POST, "/api/v1/auth/login", null,
        new JsonObject().put("email", "studio@bench.relais.test").put("password", PASSWORD)).getString("token");
    call(http, hub.port(), HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/start", bearer, null);
    JsonObject ticket = call(http, hub.port(), HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/broadcast/ingest",
        bearer, null);
    String date = ticket.getString("sittingDate");
    out.printf(Locale.ROOT, "Seeded:   a BROADCAST class going on now, its sitting started by its instructor, %,d "
        + "families registered (one more for the listing watcher) in %.1f s%n", viewers,
        (System.nanoTime() - started) / 1e9);

    ListingWatcher watcher = new ListingWatcher(vertx, http, hub.port(), "/b/" + tokens.get(viewers) + "/360p.m3u8");
    vertx.runOnContext(v -> watcher.start());
    // The hub's own figure, as the studio's page reads it: GET /api/v1/sessions/{id}/broadcast, latencyMs.
    Histogram hubLatency = new Histogram(600_000L, 3);
    java.util.concurrent.atomic.AtomicLong countedViewers = new java.util.concurrent.atomic.AtomicLong();
    long sampler = vertx.setPeriodic(1000, id -> http.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setHost("127.0.0.1").setPort(hub.port()).setURI("/api/v1/sessions/" + sessionId + "/broadcast")
            .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer))
        .compose(request -> request.send()).compose(response -> response.body())
        .onFailure(failure -> { })
        .onSuccess(body -> {
          countedViewers.accumulateAndGet(body.toJsonObject().getLong("viewers", 0L), Math::max);
          Long ms = body.toJsonObject().getLong("latencyMs");
          if (ms != null) {
            synchronized (hubLatency) {
              hubLatency.recordValue(Math.min(ms, hubLatency.getHighestTrackableValue()));
            }
          }
        }));
    try (StudioSource studio = StudioSource.start(vertx, ticket.getString("url"), hub.port(), clip)) {
      long sending = System.nanoTime();
      studio.onAir.get(90, TimeUnit.SECONDS);
      long hubFfmpeg = hubFfmpegPid();
      out.printf(Locale.ROOT, "  on air %.1f s after the first bytes (first segment listed in every rendition); the "
          + "hub's ffmpeg is pid %d%n", (System.nanoTime() - sending) / 1e9, hubFfmpeg);
      // A few segments in the window before anyone watches, as when families arrive after the start.
      Thread.sleep(5_000);

      List<Phase> phases = new ArrayList<>();
      out.printf(Locale.ROOT, "Idle:     the broadcast on, no viewer, %s...%n", DurationConverter.format(idle));
      Usage.Meter idleMeter = new Usage.Meter("idle (no viewer)", hubFfmpeg, -1);
      Thread.sleep(idle.toMillis());
      phases.add(new Phase("idle (no viewer)", null, idleMeter.stop()));

      List<Family> families = new ArrayList<>();
      for (int i = 0; i < viewers; i++) {
        families.add(new Family(tokens.get(i), renditionOf(i, weights)));
      }
      List<String> hubPlaylists = families.stream().map(f -> "/b/" + f.token() + "/" + f.rendition() + ".m3u8")
          .toList();
      Path runDir = latestRun(run.dataDir().resolve("broadcast").resolve(sessionId.toString()).resolve(date));
      String staticRoot = STATIC_PREFIX + "/" + sessionId + "/" + date + "/" + runDir.getFileName() + "/";
      List<String> staticPlaylists = families.stream().map(f -> staticRoot + f.rendition() + "/index.m3u8").toList();
      for (boolean baseline : baselineFirst ? List.of(true, false) : List.of(false, true)) {
        phases.add(baseline
            ? viewersPhase(STATIC_LABEL, staticPlaylists, families, run, hub, hubFfmpeg, studio, out)
            : viewersPhase(HUB_LABEL, hubPlaylists, families, run, hub, hubFfmpeg, studio, out));
      }
      out.printf(Locale.ROOT, "Viewers counted by the hub (GET /api/v1/sessions/{id}/broadcast, viewers): at most %d "
          + "(%d families and the listing watcher polled)%n", countedViewers.get(), viewers + 1);
      vertx.runOnContext(v -> watcher.stop());
      vertx.cancelTimer(sampler);
      List<LoadResult> capacityResults = capacity.isZero() ? List.of()
          : capacity(hub, http, tokens.subList(0, viewers), staticRoot, out);
      long restarts = studio.events().stream().filter(e -> "restarting".equals(e.getString("type"))).count();
      Histogram hubOwn;
      synchronized (hubLatency) {
        hubOwn = hubLatency.copy();
      }
      int verdict = report(phases, watcher, studio, hubOwn, restarts, weights, machine, out);
      if (!capacityResults.isEmpty()) {
        out.println();
        out.println("Capacity: each route as fast as it answers, " + capacityConnections + " connections, the load "
            + "generator in the hub's JVM (CPU/req: hub and generator together), the broadcast still on");
        ResultTable.print(out, capacityResults);
        out.printf(Locale.ROOT, "Segments: hub/static throughput %.2f; playlists: hub/static %.2f%n",
            capacityResults.get(1).requestsPerSecond() / capacityResults.get(0).requestsPerSecond(),
            capacityResults.get(3).requestsPerSecond() / capacityResults.get(2).requestsPerSecond());
        out.println("Load average (1 min) after the capacity runs: " + Machine.describeLoad());
      }
      return verdict;
    }
  }

  /**
   * The serving routes alone, as fast as they answer: the newest 360p segments through the hub's signed route and
   * through the static handler, then 360p playlists through the viewers' own links and ffmpeg's playlist.
   */
  private List<LoadResult> capacity(InProcessHub hub, HttpClient http, List<String> tokens, String staticRoot,
      PrintStream out) {
    out.printf(Locale.ROOT, "Capacity: four routes, %d connections, 5 s warm-up and %s each (load average %s)...%n",
        capacityConnections, DurationConverter.format(capacity), Machine.describeLoad());
    String playlist = text(http, hub.port(), "/b/" + tokens.get(0) + "/360p.m3u8");
    List<String> hubSegments = new ArrayList<>();
    List<String> staticSegments = new ArrayList<>();
    for (MediaPlaylist.Segment segment : MediaPlaylist.parse(playlist).segments()) {
      String uri = segment.uri();
      String name = uri.substring(uri.lastIndexOf('/') + 1, uri.indexOf('?'));
      int dash = name.indexOf('-');
      hubSegments.add(uri);
      staticSegments.add(staticRoot.replaceAll("run-\\d+/$", "") + "run-" + name.substring(1, dash) + "/360p/"
          + name.substring(dash + 1));
    }
    List<String> hubPlaylists = tokens.stream().map(token -> "/b/" + token + "/360p.m3u8").toList();
    LoadSettings settings = new LoadSettings(capacityConnections, Duration.ofSeconds(5), capacity,
        Duration.ofSeconds(10), 1, false);
    List<LoadResult> results = new ArrayList<>();
    try (ClosedLoopLoad load = new ClosedLoopLoad(settings, "127.0.0.1", hub.port())) {
      for (UriCycle[] pair : List.of(new UriCycle[] {new UriCycle("static segments", staticSegments),
          new UriCycle("hub segments", hubSegments)}, new UriCycle[] {new UriCycle("static playlist",
          List.of(staticRoot + "360p/index.m3u8")), new UriCycle("hub playlists", hubPlaylists)})) {
        for (UriCycle uris : pair) {
          load.warmUp(uris, settings.warmup()).await();
          results.add(load.run(uris.description(), uris).await());
        }
      }
    }
    return results;
  }

  private static String text(HttpClient http, int port, String uri) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri))
        .compose(request -> request.send()).compose(response -> response.body().map(body -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered HTTP " + response.statusCode());
          }
          return body.toString();
        })).await();
  }

  private Phase viewersPhase(String label, List<String> playlists, List<Family> families, RunDirectory run,
      InProcessHub hub, long hubFfmpeg, StudioSource studio, PrintStream out) throws IOException, InterruptedException {
    JsonArray list = new JsonArray();
    for (int i = 0; i < playlists.size(); i++) {
      list.add(new JsonObject().put("playlist", playlists.get(i)).put("rendition", families.get(i).rendition()));
    }
    JsonObject plan = new JsonObject().put("port", hub.port()).put("warmupMs", warmup.toMillis())
        .put("durationMs", duration.toMillis()).put("viewers", list);
    Path file = run.root().resolve("viewers-" + Math.abs(label.hashCode()) + ".json");
    Files.writeString(file, plan.encode());
    out.printf(Locale.ROOT, "Viewers:  %s: %,d families in a JVM of their own, %s watching before %s measured "
        + "(load average %s)...%n", label, playlists.size(), DurationConverter.format(warmup),
        DurationConverter.format(duration), Machine.describeLoad());
    String java = ProcessHandle.current().info().command().orElse("java");
    // A light JVM for the load generator: the quick compiler only and one GC thread leave the cores to the hub.
    Process clients = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), ViewerClients.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (OutputStream commands = clients.getOutputStream()) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(clients.getInputStream(),
          StandardCharsets.UTF_8));
      Usage.Meter meter = null;
      Usage usage = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.equals("window-start")) {
          meter = new Usage.Meter(label, hubFfmpeg, clients.pid());
        } else if (line.equals("window-end") && meter != null) {
          usage = meter.stop();
        } else if (line.startsWith("result ")) {
          return new Phase(label, new JsonObject(line.substring(7)), usage);
        }
      }
      throw new IllegalStateException("the viewers stopped before giving their result");
    } finally {
      if (!clients.waitFor(30, TimeUnit.SECONDS)) {
        clients.destroyForcibly();
      }
    }
  }

  /** The hub's ffmpeg: this JVM's child that reads its stream on stdin. */
  private static long hubFfmpegPid() {
    return ProcessHandle.current().children().filter(child -> cmdline(child.pid()).contains("pipe:0"))
        .mapToLong(ProcessHandle::pid).max()
        .orElseThrow(() -> new IllegalStateException("no ffmpeg of the hub's found"));
  }

  private static String cmdline(long pid) {
    try {
      return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static Path latestRun(Path sittingDir) throws IOException {
    try (Stream<Path> runs = Files.list(sittingDir)) {
      return runs.filter(path -> path.getFileName().toString().matches("run-\\d+"))
          .max((a, b) -> Integer.compare(Integer.parseInt(a.getFileName().toString().substring(4)),
              Integer.parseInt(b.getFileName().toString().substring(4))))
          .orElseThrow(() -> new IllegalStateException("no ffmpeg run in " + sittingDir));
    }
  }

  private static JsonObject call(HttpClient http, int port, HttpMethod method, String uri, String bearer,
      JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (bearer != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }
    if (body != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    return http.request(options).compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body().map(answer -> {
          if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + uri.replaceAll("[0-9a-f-]{36}", "{id}") + " answered HTTP "
                + response.statusCode() + " " + answer);
          }
          return answer.length() == 0 ? new JsonObject() : answer.toJsonObject();
        })).await();
  }

  private int report(List<Phase> phases, ListingWatcher watcher, StudioSource studio, Histogram hubLatency,
      long restarts, Map<String, Integer> weights, Machine machine, PrintStream out) {
    out.println();
    out.println("Segments served (viewers' clock, request to last byte)");
    out.println("  phase                        viewers  segments      MB  seg p50   p99    max  playlist p50  p99"
        + "  stalled  skipped  failed");
    for (Phase phase : phases) {
      if (phase.result() == null) {
        continue;
      }
      JsonObject r = phase.result();
      Histogram seg = ViewerClients.decode(r.getString("segmentLatency"));
      Histogram pl = ViewerClients.decode(r.getString("playlistLatency"));
      out.printf(Locale.ROOT, "  %-28s %7d %9d %7.1f %7.1f %6.1f %6.1f %9.1f %5.1f %8d %8d %7d%n", phase.label(),
          r.getInteger("viewers"), r.getLong("segments"), r.getLong("bytes") / 1048576.0, ms(seg, 50), ms(seg, 99),
          seg.getMaxValue() / 1000.0, ms(pl, 50), ms(pl, 99), r.getInteger("stalledViewers"), r.getLong("skipped"),
          r.getLong("failures"));
    }
    out.println("  (ms; the mix " + weights + "; a viewer stalled if a segment came after its playhead reached it, "
        + "or it never started)");
    for (Phase phase : phases) {
      JsonObject r = phase.result();
      if (r != null) {
        out.printf(Locale.ROOT, "  %s: %d stalls in all; %d for a segment not yet listed when the buffer ran dry "
                + "(ffmpeg late), %d for one listed but not yet served (%d viewers); %.1f s frozen in all; lowest "
                + "buffer p1 %s ms, p50 %s ms%n", phase.label(), r.getLong("stalls"), r.getLong("stallsListing"),
            r.getLong("stallsServing"), r.getInteger("stalledServingViewers"), r.getLong("stalledMillis") / 1000.0,
            lowest(r, 1), lowest(r, 50));
      }
    }
    out.println();
    out.println("What each phase cost (CPU in % of one core over the measured window; heap of the hub's JVM)");
    out.println("  phase                        hub JVM  hub ffmpeg  viewers JVM  heap mean   max  after GC  load");
    for (Phase phase : phases) {
      Usage u = phase.usage();
      if (u == null) {
        out.printf(Locale.ROOT, "  %-28s (no measure: the viewers ended early)%n", phase.label());
        continue;
      }
      out.printf(Locale.ROOT, "  %-28s %6.1f %% %9.1f %% %10.1f %% %7.0f MB %5.0f %7.0f MB  %s%n",
          phase.label(), u.hubJvm() * 100, u.hubFfmpeg() * 100, u.viewers() * 100, u.heapMeanMb(),
          u.heapMaxMb(), u.heapAfterGcMb(), u.loadAverage());
    }
    out.println("  (the hub's JVM also runs the studio's sender and the listing watcher, a few % at most; "
        + machine.cores() + " cores in all)");
    Usage idleUsage = phases.get(0).usage();
    Map<Long, ListingWatcher.Listed> listed = watcher.listed();
    out.println("The hub's ffmpeg (360p + 720p H.264 veryfast, three AAC; from the studio's " + studioSize + " VP8):");
    for (Phase phase : phases) {
      Usage u = phase.usage();
      if (u == null) {
        continue;
      }
      double media = listed.values().stream().filter(s -> s.listedAt() >= u.fromMillis() && s.listedAt() < u.toMillis())
          .mapToDouble(ListingWatcher.Listed::duration).sum();
      double realTime = media / u.seconds();
      out.printf(Locale.ROOT, "  %-28s %.1f %% of one core; %.2f s of media listed per second (1.00 = keeping up); "
              + "%.2f s of CPU per second of broadcast%n", phase.label(), u.hubFfmpeg() * 100, realTime,
          media == 0 ? Double.NaN : u.hubFfmpeg() * u.seconds() / media);
    }
    out.printf(Locale.ROOT, "ffmpeg per live sitting, idle hub: %.1f %% of one core (%.2f of the machine's %d cores)%n",
        idleUsage.hubFfmpeg() * 100, idleUsage.hubFfmpeg(), machine.cores());
    if (studio.late() > 0) {
      out.println("  the studio sent " + studio.late() + " cluster(s) more than 100 ms late: the hub's socket held "
          + "them "
          + "back (ffmpeg not taking the stream as fast as it comes)");
    }
    for (Phase phase : phases) {
      JsonObject r = phase.result();
      if (r != null && phase.usage() != null && r.getLong("segments") > 0) {
        out.printf(Locale.ROOT, "  %s: the hub's JVM %+.1f %% of a core above idle, %.0f us per segment served (with "
                + "the playlist polls around it); the viewers' JVM %.0f us per segment%n", phase.label(),
            (phase.usage().hubJvm() - idleUsage.hubJvm()) * 100,
            (phase.usage().hubJvm() - idleUsage.hubJvm()) * phase.usage().seconds() * 1e6 / r.getLong("segments"),
            phase.usage().viewers() * phase.usage().seconds() * 1e6 / r.getLong("segments"));
      }
    }
    out.println();
    Phase hubPhase = phases.stream().filter(p -> HUB_LABEL.equals(p.label())).findFirst().orElseThrow();
    Latency latency = Latency.of(watcher.listed(), studio, hubPhase.result());
    latency.print(out);
    if (hubLatency.getTotalCount() > 0) {
      out.printf(Locale.ROOT, "The hub's own latencyMs (GET /api/v1/sessions/{id}/broadcast: newest 360p segment "
              + "listed "
              + "minus its program date-time and length), sampled every second: p50 %d, p90 %d, max %d ms over %d "
              + "samples%n", hubLatency.getValueAtPercentile(50), hubLatency.getValueAtPercentile(90),
          hubLatency.getMaxValue(), hubLatency.getTotalCount());
    }
    boolean noStall = phases.stream().skip(1).allMatch(p -> p.result().getInteger("stalledViewers") == 0
        && p.result().getLong("skipped") == 0);
    boolean noFailure = phases.stream().skip(1).allMatch(p -> p.result().getLong("failures") == 0);
    Histogram g2g = ViewerClients.decode(hubPhase.result().getString("glassToGlass"));
    boolean g2gOk = g2g.getTotalCount() > 0 && g2g.getValueAtPercentile(99) <= maxGlassToGlass.toMillis();
    if (restarts > 0) {
      out.println("The hub restarted its ffmpeg " + restarts + " time(s) during the run (see the hub's log)");
    }
    for (Phase phase : phases) {
      if (phase.result() != null && phase.result().getString("firstFailure") != null) {
        out.println("  first failure (" + phase.label() + "): " + phase.result().getString("firstFailure"));
      }
    }
    out.println("Load average (1 min) at end: " + Machine.describeLoad());
    List<String> misses = new ArrayList<>();
    if (!noStall) {
      misses.add("viewers stalled or skipped segments");
    }
    if (!noFailure) {
      misses.add("requests failed");
    }
    if (!g2gOk) {
      misses.add("glass-to-glass p99 above " + DurationConverter.format(maxGlassToGlass));
    }
    out.println(misses.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", misses));
    return misses.isEmpty() ? 0 : LoadTest.TARGET_MISSED;
  }

  private static String lowest(JsonObject result, double percentile) {
    Histogram h = ViewerClients.decode(result.getString("lowestBuffer"));
    return h.getTotalCount() == 0 ? "-" : String.valueOf(h.getValueAtPercentile(percentile));
  }

  static double ms(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? Double.NaN : micros.getValueAtPercentile(percentile) / 1000.0;
  }
}
