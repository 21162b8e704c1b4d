package org.relais.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus files pass Debian's {@code promtool}: the configuration (with a token file beside
 * it, as an installation has), the rules, and the rules' unit tests.
 */
class PrometheusFilesTest {
  private static final String PROMTOOL = "/usr/bin/promtool";

  @TempDir
  Path installed;

  @Test
  void theConfigurationIsValidWithItsTokenFileInstalledBesideIt() throws Exception {
    copyShippedFiles();
    Files.writeString(installed.resolve("relais-metrics-token"), "scraper-token-".repeat(3));

    Result checked = promtool("check", "config", "prometheus.yml");

    assertThat(checked.exitCode()).as(checked.output()).isZero();
    assertThat(checked.output()).contains("SUCCESS: prometheus.yml is valid").contains("SUCCESS: 9 rules found");
  }

  @Test
  void theConfigurationIsRefusedWithoutTheTokenFile() throws Exception {
    copyShippedFiles();

    Result checked = promtool("check", "config", "prometheus.yml");

    assertThat(checked.exitCode()).as(checked.output()).isNotZero();
    assertThat(checked.output()).contains("relais-metrics-token");
  }

  @Test
  void theRulesAreValidAndPassTheirUnitTests() throws Exception {
    copyShippedFiles();

    Result rules = promtool("check", "rules", "relais-rules.yml");
    Result tests = promtool("test", "rules", "relais-rules.test.yml");

    assertThat(rules.exitCode()).as(rules.output()).isZero();
    assertThat(tests.exitCode()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
  }

  @Test
  void aRuleThatNoLongerFiresAsItsTestSaysFailsTheTests() throws Exception {
    copyShippedFiles();
    Path rules = installed.resolve("relais-rules.yml");
    Files.writeString(rules, Files.readString(rules).replace("> 0.02", "> 0.5"));

    Result tests = promtool("test", "rules", "relais-rules.test.yml");

    assertThat(tests.exitCode()).isNotZero();
    assertThat(tests.output()).contains("FAILED").contains("RelaisHttpServerErrors");
  }

  private void copyShippedFiles() throws IOException {
    for (String name : List.of("prometheus.yml", "relais-rules.yml", "relais-rules.test.yml")) {
      Files.copy(OpsFiles.file("prometheus/" + name), installed.resolve(name));
    }
  }

  private record Result(int exitCode, String output) {}

  private Result promtool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(PROMTOOL));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).directory(installed.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }
}
