package org.relais.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;
import org.relais.hub.http.HttpConfig;
import org.relais.hub.testing.Nginx;
import org.relais.hub.testing.RepositoryFiles;

/** The hub's service unit and example production configuration, checked by systemd and by the hub itself. */
class HubServiceFilesTest {
  private static final String JAVA = "/usr/bin/java";

  @Test
  void systemdFindsNothingWrongInTheServiceUnit(@TempDir Path dir) throws Exception {
    String unit = Files.readString(shipped("ops/hub/relais-hub.service"));
    assertThat(unit).contains("User=relais-hub", "ProtectSystem=strict", "NoNewPrivileges=true", "PrivateTmp=true",
        "ReadWritePaths=/var/lib/relais-hub", "Restart=on-failure", "KillSignal=SIGTERM",
        "ExecStart=" + JAVA + " ", " --config /etc/relais/hub.properties serve");
    // systemd checks that the program exists: where Java lives elsewhere, the JVM running this test stands in.
    String java = ProcessHandle.current().info().command().orElseThrow();
    Path copy = dir.resolve("relais-hub.service");
    Files.writeString(copy, Files.isExecutable(Path.of(JAVA)) ? unit : unit.replace("ExecStart=" + JAVA + " ",
        "ExecStart=" + java + " "));

    Process verify = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", copy.toString())
        .redirectErrorStream(true).start();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(verify.exitValue()).as(output).isZero();
    // Unknown or misspelt keys are only warned about: there must be none.
    assertThat(output).isEmpty();
  }

  @Test
  void theStopTimeoutLeavesRoomForTheLongestDrain() throws IOException {
    String unit = Files.readString(shipped("ops/hub/relais-hub.service"));
    int timeout = Integer.parseInt(unit.lines().filter(line -> line.startsWith("TimeoutStopSec="))
        .findFirst().orElseThrow().substring("TimeoutStopSec=".length()));
    // The shutdown hook waits for the drain and 20 s more; systemd must not kill the hub before.
    assertThat(timeout).isGreaterThan((int) HttpConfig.MAX_STOP_GRACE.plusSeconds(20).toSeconds());
  }

  @Test
  void theExampleConfigurationIsOneTheHubAccepts() throws IOException {
    HubConfig config = HubConfig.from(ConfigLoader.load(shipped("ops/hub/relais-hub.properties.example"), Map.of()));
    assertThat(config.db().url()).startsWith("jdbc:postgresql:");
    assertThat(config.http().publicUrl()).isPresent();
    assertThat(config.http().trustedProxies()).hasSize(2);
    assertThat(config.jitsi()).isPresent();
    assertThat(config.rooms().turnUrls()).isNotEmpty();
  }

  @Test
  void nginxTakesTheSameLargestBodyAsTheHub() throws IOException {
    HubConfig config = HubConfig.from(ConfigLoader.load(shipped("ops/hub/relais-hub.properties.example"), Map.of()));
    String nginx = Files.readString(Nginx.shippedConfig());
    assertThat(nginx).contains("client_max_body_size " + config.http().maxBodyBytes() / 1024 + "k;");
    assertThat(config.http().maxBodyBytes() % 1024).isZero();
  }

  private static Path shipped(String file) {
    return RepositoryFiles.find(file);
  }
}
