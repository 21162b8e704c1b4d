package org.relais.loadtest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.loadtest.LoadTest;
import picocli.CommandLine;

/** The whole scenario, small: a real hub, the studio's stream, real ffmpeg, three viewers in their own JVM. */
class BroadcastScenarioTest {
  @Test
  void aSmallRunPrintsEveryFigure() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int code;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code = new CommandLine(new LoadTest()).execute("broadcast", "--viewers", "3", "--warmup", "4s", "--duration",
          "4s", "--idle", "2s", "--clip", "4", "--studio-size", "640x360", "--studio-kbps", "400",
          "--max-glass-to-glass", "120s", "--capacity", "1s", "--capacity-connections", "4");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.println(out);
    assertThat(code).as(out).isIn(0, LoadTest.TARGET_MISSED);
    List<String> lines = Arrays.asList(out.split("\n"));
    for (String phase : List.of("hub (/b/{link}/…)", "static handler (baseline)")) {
      String row = lines.stream().filter(line -> line.startsWith("  " + phase) && line.contains(" MB")).findFirst()
          .orElse(lines.stream().filter(line -> line.startsWith("  " + phase)).findFirst().orElseThrow());
      assertThat(row).as(phase).doesNotContain("NaN");
    }
    String served = lines.stream().filter(line -> line.startsWith("  hub (/b/{link}/…)")).findFirst().orElseThrow();
    String[] columns = served.substring("  hub (/b/{link}/…)".length()).strip().split("\\s+");
    assertThat(Integer.parseInt(columns[0])).as("viewers").isEqualTo(3);
    assertThat(Long.parseLong(columns[1])).as("segments served").isPositive();
    assertThat(Long.parseLong(columns[columns.length - 1])).as("failed requests").isZero();
    assertThat(out).contains("ffmpeg per live sitting, idle hub:", "glass-to-glass, EXT-X-PROGRAM-DATE-TIME",
        "last frame in -> its segment listed (hub)", "Load average (1 min) at end:", "Segments: hub/static throughput");
  }
}
