package org.relais.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;
import org.relais.hub.jitsi.JitsiConfig;
import org.relais.hub.testing.RepositoryFiles;

/**
 * Jitsi cannot run here: the reference Prosody settings are checked against what the hub signs and serves,
 * with the example production configuration's values on the hub's side.
 */
class JitsiReferenceTest {
  @Test
  void prosodyAcceptsWhatTheHubSignsAndPostsWhereTheHubListens() throws IOException {
    String prosody = Files.readString(RepositoryFiles.find("ops/jitsi/prosody-relais.cfg.lua"));
    HubConfig hub = HubConfig.from(ConfigLoader.load(RepositoryFiles.find("ops/hub/relais-hub.properties.example"),
        Map.of()));
    JitsiConfig jitsi = hub.jitsi().orElseThrow();

    assertThat(value(prosody, "VirtualHost")).isEqualTo(jitsi.domain());
    assertThat(value(prosody, "authentication = ")).isEqualTo("token");
    assertThat(value(prosody, "app_id = ")).isEqualTo(jitsi.appId());
    assertThat(value(prosody, "app_secret = ")).isEqualTo(jitsi.appSecret().orElseThrow());
    assertThat(value(prosody, "asap_accepted_issuers = \\{ ")).isEqualTo(jitsi.appId());
    assertThat(value(prosody, "asap_accepted_audiences = \\{ ")).isEqualTo(jitsi.audience());
    assertThat(value(prosody, "\\[\"Authorization\"\\] = ")).isEqualTo("Bearer " + jitsi.webhookSecret().orElseThrow());

    String prefix = value(prosody, "api_prefix = ");
    assertThat(prefix).isEqualTo(hub.http().publicUrl().orElseThrow() + "/api/v1/integrations/jitsi");
    String contract = Files.readString(RepositoryFiles.find("hub/src/main/resources/openapi/relais.yaml"));
    for (String event : new String[] {"room/created", "room/destroyed", "occupant/joined", "occupant/left"}) {
      assertThat(contract).contains("  /integrations/jitsi/events/" + event + ":");
    }
  }

  /** The first quoted value after {@code before} (a regular expression). */
  private static String value(String text, String before) {
    Matcher matcher = Pattern.compile(before + "\\s*\"([^\"]*)\"").matcher(text);
    assertThat(matcher.find()).as("no \"%s\" in the Prosody settings", before).isTrue();
    return matcher.group(1);
  }
}
