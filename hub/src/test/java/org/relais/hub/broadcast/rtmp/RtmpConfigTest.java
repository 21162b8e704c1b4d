package org.relais.hub.broadcast.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.relais.hub.config.ConfigException;

class RtmpConfigTest {
  @Test
  void theDefaultLimitsFitEncodersAndRefuseHostileSizes() {
    RtmpConfig config = RtmpConfig.of("0.0.0.0", 1935);

    assertThat(config.port()).isEqualTo(1935);
    assertThat(config.maxChunkSize()).isEqualTo(64 * 1024);
    assertThat(config.maxMessageLength()).isEqualTo(8 * 1024 * 1024);
    assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void refusesWhatCannotWork() {
    assertThatThrownBy(() -> RtmpConfig.of("", 1935)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("broadcast.rtmpHost");
    assertThatThrownBy(() -> RtmpConfig.of("0.0.0.0", 70000)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("broadcast.rtmpPort");
    assertThatThrownBy(() -> new RtmpConfig("0.0.0.0", 0, Duration.ZERO, Duration.ofSeconds(1), 128, 128, 1, 1))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> new RtmpConfig("0.0.0.0", 0, Duration.ofSeconds(1), Duration.ofSeconds(1), 4096, 1024, 1, 1))
        .isInstanceOf(ConfigException.class);
  }
}
