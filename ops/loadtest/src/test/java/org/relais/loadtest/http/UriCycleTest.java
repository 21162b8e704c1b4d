package org.relais.loadtest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UriCycleTest {
  private static final UriCycle TOKENS = new UriCycle("/t/{n}",
      IntStream.range(0, 5_000).mapToObj(i -> "/t/" + i).toList());

  @Test
  void connectionsStartEvenlySpreadOverTheList() {
    assertThat(TOKENS.start(0, 500)).isZero();
    assertThat(TOKENS.start(1, 500)).isEqualTo(10);
    assertThat(TOKENS.start(499, 500)).isEqualTo(4_990);
    Set<Integer> starts = new HashSet<>();
    IntStream.range(0, 500).forEach(c -> starts.add(TOKENS.start(c, 500)));
    assertThat(starts).hasSize(500);
  }

  @Test
  void moreConnectionsThanUrisShareThemAndOneUriIsAlwaysTheFirst() {
    UriCycle three = new UriCycle("x", List.of("/a", "/b", "/c"));
    assertThat(IntStream.range(0, 6).map(c -> three.start(c, 6))).containsExactly(0, 0, 1, 1, 2, 2);
    assertThat(UriCycle.of("/only").start(41, 200)).isZero();
    assertThat(UriCycle.of("/only").description()).isEqualTo("/only");
  }

  @Test
  void refusesAnEmptyList() {
    assertThatThrownBy(() -> new UriCycle("none", List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
