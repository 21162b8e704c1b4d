package org.relais.loadtest.join;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.relais.loadtest.DurationConverter;
import org.relais.loadtest.HubOptions;
import org.relais.loadtest.InFlight;
import org.relais.loadtest.LoadOptions;
import org.relais.loadtest.LoadTest;
import org.relais.loadtest.Machine;
import org.relais.loadtest.RunDirectory;
import org.relais.loadtest.SideBySide;
import org.relais.loadtest.http.ClosedLoopLoad;
import org.relais.loadtest.http.HttpAnswer;
import org.relais.loadtest.http.LoadResult;
import org.relais.loadtest.http.LoadSettings;
import org.relais.loadtest.http.Targets;
import org.relais.loadtest.http.UriCycle;
import org.relais.loadtest.hub.InProcessHub;
import org.relais.loadtest.hub.ReplayedResponse;
import org.relais.protocol.VideoMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * A burst of families opening their join links: {@code GET /api/v1/join/{token}} over thousands of
 * distinct valid tokens of classes whose doors are open, against a baseline route of the same server
 * that answers one captured descriptor from memory.
 */
@Command(name = "join", mixinStandardHelpOptions = true, defaultValueProvider = JoinCommand.Defaults.class,
    description = {"Benchmark GET /api/v1/join/{token} over many distinct valid join links of classes going on "
        + "now, side by side with a baseline route on the same server answering one captured descriptor from memory.",
        "Targets: real throughput at least --min-ratio of the baseline's, real p99 under --max-p99."})
public final class JoinCommand implements Callable<Integer> {
  static final String REAL_PREFIX = "/api/v1/join/";
  /** Masked in the access log like the real route (the log never shows a token), and as long a request line. */
  static final String BASELINE_PREFIX = "/bench/join/";
  /** What the benchmark sets the join rate limit to, unless told otherwise: the most the hub accepts. */
  static final String JOIN_LIMIT_KEY = "join.requestsPerMinutePerAddress";
  static final String RAISED_JOIN_LIMIT = "1000000";
  private static final int CHECK_IN_FLIGHT = 8;

  /** This scenario's defaults for the shared load options: a burst is many families at once. */
  public static final class Defaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec argSpec) {
      return argSpec instanceof OptionSpec option && "--connections".equals(option.longestName()) ? "500" : null;
    }
  }

  @Mixin
  LoadOptions load;

  @Mixin
  HubOptions hubOptions;

  @Option(names = "--tokens", defaultValue = "5000", description = "Families registered, each with its own join "
      + "link, all asked for during the run (default: ${DEFAULT-VALUE}).")
  int tokens;

  @Option(names = "--sessions", defaultValue = "40", description = "Classes going on now that the families are "
      + "registered for (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--video", defaultValue = "JITSI", description = "Video of the classes: JITSI (a Jitsi deployment "
      + "is configured for the hub and every answer mints a Jitsi token, as in production) or DIRECT (the built-in "
      + "rooms, no Jitsi) (default: ${DEFAULT-VALUE}).")
  VideoMode video;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed of the classes and families "
      + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--min-ratio", defaultValue = "0.4", description = "Target: real/baseline throughput at least "
      + "this (default: ${DEFAULT-VALUE}).")
  double minRatio;

  @Option(names = "--max-p99", defaultValue = "25ms", converter = DurationConverter.class,
      description = "Target: p99 latency of the real route under this (default: ${DEFAULT-VALUE}).")
  Duration maxP99;

  @Option(names = "--repeat-baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Measure the baseline again after the real route, to show drift (default: ${DEFAULT-VALUE}).")
  boolean repeatBaseline;

  @Option(names = "--json", description = "Also print the figures as one line of JSON at the end.")
  boolean json;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    LoadSettings settings = load.settings();
    Machine machine = Machine.current();
    String loadAtStart = Machine.describeLoad();
    out.printf(Locale.ROOT, "Relais benchmark: join burst (GET /api/v1/join/{token}, %,d distinct tokens)%n", tokens);
    out.println("Machine:  " + machine.describe());
    out.println("Load average (1 min) at start: " + loadAtStart);
    Map<String, String> hubValues = hubValues();
    try (RunDirectory run = RunDirectory.create(hubOptions.keepFiles())) {
      ReplayedResponse baseline = new ReplayedResponse();
      try (InProcessHub hub = InProcessHub.start(run.dataDir(), hubValues,
              router -> router.get(BASELINE_PREFIX + "*").handler(baseline));
          ClosedLoopLoad loader = new ClosedLoopLoad(settings, "127.0.0.1", hub.port())) {
        out.println("Hub:      " + hub.describe() + "; log in " + run.hubLog()
            + (run.kept() ? "" : " (removed at exit; --keep-files keeps it)"));
        out.println("Join:     " + describeJoin(hub, hubValues));
        out.printf(Locale.ROOT, "Load:     %d connections with one request in flight each, %s warm-up + %s "
                + "measured per route, %d client event loop(s), %s%n", settings.connections(),
            DurationConverter.format(settings.warmup()), DurationConverter.format(settings.duration()),
            settings.clientThreads(), settings.gzip() ? "Accept-Encoding: gzip" : "no compression asked");
        if (video == VideoMode.JITSI && hub.config().jitsi().isEmpty()) {
          out.println("--video JITSI needs a Jitsi deployment: leave jitsi.* to the benchmark or set them all");
          return LoadTest.TARGET_MISSED;
        }
        List<String> links = seed(hub, out);
        if (!checkAll(loader, links, out)) {
          return LoadTest.TARGET_MISSED;
        }
        HttpAnswer captured = loader.fetch(REAL_PREFIX + links.get(0)).await();
        baseline.capture(captured);
        SideBySide bench = new SideBySide(loader, new Targets(minRatio, maxP99), repeatBaseline, out);
        bench.checkReplay(BASELINE_PREFIX + links.get(0), captured);
        UriCycle real = cycle(REAL_PREFIX, links);
        UriCycle replayed = cycle(BASELINE_PREFIX, links);
        out.printf(Locale.ROOT, "Answer:   one descriptor = %,d bytes; each connection walks the %,d links from its "
            + "own offset (%,d apart)%n", captured.body().length(), links.size(),
            Math.max(1, links.size() / settings.connections()));
        out.println("  real:     GET " + real.description());
        out.println("  baseline: GET " + replayed.description() + " (the same request lines; one descriptor "
            + "replayed for all)");
        out.println();

        SideBySide.Outcome outcome = bench.measure(real, replayed);
        String loadAtEnd = Machine.describeLoad();
        bench.reportTable(outcome);
        out.printf(Locale.ROOT, "Distinct links answered 200 within the measured spans: %s%n",
            String.join(", ", outcome.results().stream().map(r -> String.format(Locale.ROOT, "%s %,d of %,d",
                r.label(), r.urisAnswered(), r.uris())).toList()));
        LoadResult first = outcome.baselines().get(0);
        out.printf(Locale.ROOT, "Little's law: with %d connections the mean latency is %d / throughput, so a p99 under "
                + "%d ms needs well over %,d answers/s; the baseline itself made %,.0f/s (p99 %.1f ms) here%n",
            settings.connections(), settings.connections(), maxP99.toMillis(),
            Math.round(settings.connections() / (maxP99.toNanos() / 1e9)), first.requestsPerSecond(),
            first.millisAt(99));
        bench.reportVerdict(outcome, loadAtEnd);
        if (json) {
          out.println(bench.json("join", machine, loadAtStart, loadAtEnd, settingsJson(settings, hub, captured),
              outcome).encode());
        }
        return outcome.verdict().pass() ? 0 : LoadTest.TARGET_MISSED;
      }
    }
  }

  /**
   * The hub's configuration for the run: the join rate limit raised (every request of the benchmark
   * comes from one address, which the limit would refuse after 120 a minute), and for JITSI a
   * self-hosted Jitsi deployment with a fresh HS256 secret, unless {@code --hub} says otherwise.
   */
  private Map<String, String> hubValues() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(JOIN_LIMIT_KEY, RAISED_JOIN_LIMIT);
    Map<String, String> overrides = hubOptions.overrides();
    if (video == VideoMode.JITSI && overrides.keySet().stream().noneMatch(key -> key.startsWith("jitsi."))) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      values.put("jitsi.domain", "meet.relais.invalid");
      values.put("jitsi.appId", "relais");
      values.put("jitsi.appSecret", HexFormat.of().formatHex(secret));
    }
    values.putAll(overrides);
    return values;
  }

  private String describeJoin(InProcessHub hub, Map<String, String> hubValues) {
    String limit = String.format(Locale.ROOT, "rate limit %,d requests/min per address%s",
        hub.config().join().requestsPerMinutePerAddress(), hubOptions.overrides().containsKey(JOIN_LIMIT_KEY)
            ? " (set by --hub)" : " (raised for the benchmark from the default 120: all its load comes from "
            + "127.0.0.1; the limit itself is tested by the hub's JoinBruteForceTest)");
    boolean ownJitsi = hubValues.containsKey("jitsi.appSecret") && !hubOptions.overrides().containsKey("jitsi.appSecret");
    String videoText = switch (video) {
      case JITSI -> hub.config().jitsi().map(jitsi -> "video JITSI: every OPEN answer mints a Jitsi JWT ("
          + (jitsi.usesRs256() ? "RS256" : "HS256") + ", domain " + jitsi.domain()
          + (ownJitsi ? ", app secret generated for this run" : ", set by --hub") + ")")
          .orElse("video JITSI but no Jitsi deployment configured");
      case DIRECT -> "video DIRECT: the built-in rooms, no Jitsi token";
      case BROADCAST -> "video BROADCAST: the descriptor names the live playlists, no Jitsi token";
    };
    return limit + "; " + videoText;
  }

  private List<String> seed(InProcessHub hub, PrintStream out) {
    Instant now = Instant.now();
    JoinPlan plan = JoinPlan.generate(sessions, tokens, seed, now, hub.config().schedule().zone(), video);
    out.printf(Locale.ROOT, "Seeding:  %,d families registered for %d classes going on now (%d of them today's "
            + "sitting of a weekly series) in %d centres; each class started 1 to %d min ago and lasts 2 to 3 h, "
            + "with a home place for each of its families (seed %d)%n", tokens, sessions, plan.series(),
        plan.centres().size(), JoinPlan.MAX_STARTED_MINUTES_AGO, seed);
    long started = System.nanoTime();
    List<String> links = new JoinSeed(hub.app(), out).write(plan).await();
    out.printf(Locale.ROOT, "  seeded through the hub's services in %.1f s: %,d CONFIRMED registrations, %,d "
            + "distinct join tokens of %,d to %,d characters%n", (System.nanoTime() - started) / 1e9, links.size(),
        links.stream().distinct().count(), links.stream().mapToInt(String::length).min().orElse(0),
        links.stream().mapToInt(String::length).max().orElse(0));
    return links;
  }

  /** Asks for every link once: each must open the room now, with the video asked for. */
  private boolean checkAll(ClosedLoopLoad loader, List<String> links, PrintStream out) {
    long started = System.nanoTime();
    String expected = "\"state\":\"OPEN\"";
    String expectedVideo = "\"mode\":\"" + video.name() + "\"";
    List<String> wrong = InFlight.each(links, CHECK_IN_FLIGHT, link -> loader.fetch(REAL_PREFIX + link)
        .map(answer -> {
          String body = answer.body().toString();
          return answer.status() == 200 && body.contains(expected) && body.contains(expectedVideo) ? ""
              : "HTTP " + answer.status() + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }), done -> { }).await().stream().filter(problem -> !problem.isEmpty()).toList();
    if (!wrong.isEmpty()) {
      out.printf(Locale.ROOT, "%,d of %,d links do not open the room with %s video; the first: %s%n", wrong.size(),
          links.size(), video, wrong.get(0));
      return false;
    }
    out.printf(Locale.ROOT, "Checked:  every link answers 200, state OPEN, video %s (%,d asked once, %d at a time, "
        + "in %.1f s)%n", video, links.size(), CHECK_IN_FLIGHT, (System.nanoTime() - started) / 1e9);
    return true;
  }

  private static UriCycle cycle(String prefix, List<String> links) {
    return new UriCycle(String.format(Locale.ROOT, "%s{token} (%,d distinct tokens)", prefix, links.size()),
        links.stream().map(link -> prefix + link).toList());
  }

  private JsonObject settingsJson(LoadSettings settings, InProcessHub hub, HttpAnswer captured) {
    return SideBySide.putLoad(new JsonObject().put("tokens", tokens).put("sessions", sessions)
            .put("video", video.name()).put("seed", seed), settings)
        .put("joinRequestsPerMinutePerAddress", hub.config().join().requestsPerMinutePerAddress())
        .put("descriptorBytes", captured.body().length());
  }
}
