package org.relais.loadtest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BroadcastCommandTest {
  @Test
  void theMixSharesTheViewersInItsProportions() {
    Map<String, Integer> weights = BroadcastCommand.mix("360p=6,audio=3,720p=1");
    Map<String, Integer> counts = new TreeMap<>();
    IntStream.range(0, 500).forEach(i -> counts.merge(BroadcastCommand.renditionOf(i, weights), 1, Integer::sum));
    assertThat(counts).isEqualTo(Map.of("360p", 300, "audio", 150, "720p", 50));
  }

  @Test
  void aMixNamingNoRenditionOrAnUnknownOneIsRefused() {
    assertThatThrownBy(() -> BroadcastCommand.mix("360p=0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BroadcastCommand.mix("1080p=1")).isInstanceOf(IllegalArgumentException.class);
  }
}
