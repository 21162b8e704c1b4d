package org.relais.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relais.hub.signalling.RoomsConfig;

class ConfigLoaderTest {

  @Test
  void namesTheEnvironmentVariableOfEveryKeyByOneRule() {
    assertThat(ConfigLoader.envName("jitsi.appSecret")).isEqualTo("RELAIS_JITSI_APP_SECRET");
    assertThat(ConfigLoader.envName("http.port")).isEqualTo("RELAIS_HTTP_PORT");
    assertThat(ConfigLoader.envName("data.dir")).isEqualTo("RELAIS_DATA_DIR");
    assertThat(ConfigLoader.envName("db.url")).isEqualTo("RELAIS_DB_URL");
    assertThat(ConfigLoader.envName("auth.failuresPerMinutePerAccount"))
        .isEqualTo("RELAIS_AUTH_FAILURES_PER_MINUTE_PER_ACCOUNT");
  }

  @Test
  void bindsTheDefaultsToTypedRecords() {
    HubConfig config = HubConfig.from(ConfigLoader.resolve(Map.of(), Map.of()));

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().publicUrl()).isEmpty();
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.db().url()).startsWith("jdbc:h2:file:").contains("MODE=PostgreSQL");
    assertThat(config.auth().tokenTtl()).isEqualTo(Duration.ofHours(8));
    assertThat(config.schedule().zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(config.rooms().maxPeers()).isEqualTo(6);
    assertThat(config.rooms().stayGrace()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.rooms().iceTransportPolicy()).isEqualTo(RoomsConfig.IceTransportPolicy.ALL);
  }

  @Test
  void theEnvironmentWinsOverTheFileWhichWinsOverTheDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("relais.properties");
    Files.writeString(file, "# production\nhttp.port=9000\nschedule.defaultLanguage=en\n");

    HubConfig config = HubConfig.from(ConfigLoader.load(file, Map.of("RELAIS_HTTP_PORT", "0",
        "RELAIS_DB_URL", "jdbc:postgresql://db.example.org/relais", "UNRELATED", "x")));

    assertThat(config.http().port()).isZero();
    assertThat(config.schedule().defaultLanguage()).isEqualTo("en");
    assertThat(config.db().isPostgres()).isTrue();
  }

  @Test
  void stopsOnAnUnknownKeyInAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("relais.properties");
    Files.writeString(file, "http.prot=9000\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.prot");
  }

  @Test
  void refusesRelayOnlyCallsWithoutATurnServer() {
    assertThatThrownBy(() -> HubConfig.from(ConfigLoader.resolve(Map.of(), Map.of("RELAIS_ICE_TRANSPORT_POLICY",
        "relay")))).isInstanceOf(ConfigException.class).hasMessageContaining("ice.transportPolicy");

    HubConfig relayed = HubConfig.from(ConfigLoader.resolve(Map.of(), Map.of("RELAIS_ICE_TRANSPORT_POLICY", "relay",
        "RELAIS_ICE_TURN_URLS", "turn:turn.example.org:3478", "RELAIS_ICE_TURN_SECRET", "shared")));
    assertThat(relayed.rooms().iceTransportPolicy().value()).isEqualTo("relay");
  }

  @Test
  void namesTheKeyOfEveryInvalidValue() {
    Map<String, String> bad = Map.of(
        "RELAIS_HTTP_PORT", "eighty",
        "RELAIS_SCHEDULE_ZONE", "Europe/Lile",
        "RELAIS_AUTH_TOKEN_TTL", "8 hours",
        "RELAIS_DB_URL", "mysql://nope",
        "RELAIS_HTTP_PUBLIC_URL", "ftp://relais",
        "RELAIS_AUTH_TOKEN_SECRET", "short",
        "RELAIS_SCHEDULE_DEFAULT_LANGUAGE", "de",
        "RELAIS_HTTP_TRUSTED_PROXIES", "10.0.0.0/8,proxy.example.org",
        "RELAIS_ROOMS_STAY_GRACE", "-PT1S",
        "RELAIS_ICE_TRANSPORT_POLICY", "sometimes");
    bad.forEach((variable, value) -> {
      String key = bad.keySet().stream().filter(variable::equals).findFirst().orElseThrow();
      assertThatThrownBy(() -> HubConfig.from(ConfigLoader.resolve(Map.of(), Map.of(key, value))))
          .as(variable)
          .isInstanceOf(ConfigException.class)
          .satisfies(e -> assertThat(ConfigLoader.envName(((ConfigException) e).key())).isEqualTo(variable));
    });
  }
}
