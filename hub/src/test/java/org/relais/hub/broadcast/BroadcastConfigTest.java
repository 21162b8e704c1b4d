package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;

class BroadcastConfigTest {
  private static BroadcastConfig config(Map<String, String> values) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("data.dir", "/tmp/relais"));
    all.putAll(values);
    return HubConfig.from(ConfigLoader.resolve(all, Map.of())).broadcast();
  }

  @Test
  void defaultsAndRestreamTargets() {
    BroadcastConfig defaults = config(Map.of());
    assertThat(defaults.ffmpeg()).isEmpty();
    assertThat(defaults.segmentSeconds()).isEqualTo(1);
    assertThat(defaults.replayDays()).isEqualTo(14);
    assertThat(defaults.rtmpPort()).isEqualTo(1935);
    UUID session = UUID.randomUUID();
    BroadcastConfig restream = config(Map.of("broadcast.restream", session + "=rtmp://a.example/live/k1|rtmps://b.example/app/k2",
        "broadcast.ffmpeg", "/opt/ffmpeg/bin/ffmpeg", "broadcast.rtmpPort", "-1"));
    assertThat(restream.restream()).containsEntry(session, List.of("rtmp://a.example/live/k1", "rtmps://b.example/app/k2"));
    assertThat(restream.ffmpeg()).contains(Path.of("/opt/ffmpeg/bin/ffmpeg"));
    assertThat(restream.rtmpEnabled()).isFalse();
    assertThatThrownBy(() -> config(Map.of("broadcast.restream", "not-a-uuid=rtmp://x/y")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("broadcast.restream");
    assertThatThrownBy(() -> config(Map.of("broadcast.restream", session + "=http://x/y")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config(Map.of("broadcast.segmentSeconds", "0"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("broadcast.segmentSeconds");
  }

  @Test
  void ffmpegIsLookedForWhereConfiguredElseOnThePath() {
    assertThat(Ffmpeg.locate(Optional.of(Path.of("/nowhere/ffmpeg")), "/usr/bin")).isEmpty();
    assertThat(Ffmpeg.locate(Optional.empty(), "/nowhere:/usr/bin")).contains(Path.of("/usr/bin/ffmpeg"));
    assertThat(Ffmpeg.locate(Optional.empty(), "/nowhere")).isEmpty();
  }

  @Test
  void streamKeysAndSegmentSignaturesAreTheHubsAlone() {
    SegmentSigner signer = new SegmentSigner("secret-one");
    UUID session = UUID.randomUUID();
    String key = signer.streamKey(session, LocalDate.of(2026, 11, 23));
    assertThat(signer.sittingOf(key)).contains(new SegmentSigner.Sitting(session, LocalDate.of(2026, 11, 23)));
    assertThat(new SegmentSigner("secret-two").sittingOf(key)).isEmpty();
    assertThat(signer.sittingOf(key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A"))).isEmpty();
    assertThat(signer.sittingOf("garbage")).isEmpty();
    String query = signer.query("/b/seg/x", java.time.Instant.ofEpochSecond(1000));
    String exp = query.replaceAll(".*exp=(\\d+).*", "$1");
    String sig = query.replaceAll(".*sig=", "");
    assertThat(signer.valid("/b/seg/x", exp, sig, java.time.Instant.ofEpochSecond(999))).isTrue();
    assertThat(signer.valid("/b/seg/x", exp, sig, java.time.Instant.ofEpochSecond(1000))).isFalse();
    assertThat(signer.valid("/b/seg/y", exp, sig, java.time.Instant.ofEpochSecond(999))).isFalse();
    assertThat(signer.valid("/b/seg/x", "2000", sig, java.time.Instant.ofEpochSecond(999))).isFalse();
  }
}
