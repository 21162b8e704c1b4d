package org.relais.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionStatusTest {

  @Test
  void aSessionGoesLiveThenEndsAndNothingComesBack() {
    assertThat(SessionStatus.SCHEDULED.canBecome(SessionStatus.LIVE)).isTrue();
    assertThat(SessionStatus.SCHEDULED.canBecome(SessionStatus.CANCELLED)).isTrue();
    assertThat(SessionStatus.LIVE.canBecome(SessionStatus.ENDED)).isTrue();
    assertThat(SessionStatus.LIVE.canBecome(SessionStatus.CANCELLED)).isFalse();
    for (SessionStatus next : SessionStatus.values()) {
      assertThat(SessionStatus.ENDED.canBecome(next)).isFalse();
      assertThat(SessionStatus.CANCELLED.canBecome(next)).isFalse();
    }
  }

  @Test
  void addressesAreBuiltHereAndNamespaced() {
    assertThat(Addresses.scheduleChanged()).startsWith("relais.");
    assertThat(Addresses.staffChanged()).startsWith("relais.").isNotEqualTo(Addresses.scheduleChanged());
  }
}
