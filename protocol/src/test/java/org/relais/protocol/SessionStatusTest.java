package org.relais.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionStatusTest {

  @Test
  void aSeriesIsOnlyEverCancelledAndNothingComesBack() {
    assertThat(SessionStatus.SCHEDULED.canBecome(SessionStatus.CANCELLED)).isTrue();
    assertThat(SessionStatus.SCHEDULED.canBecome(SessionStatus.SCHEDULED)).isFalse();
    assertThat(SessionStatus.CANCELLED.canBecome(SessionStatus.SCHEDULED)).isFalse();
  }

  @Test
  void aSittingGoesLiveThenEndsOrIsCalledOffBeforeAndNothingComesBack() {
    assertThat(SittingState.SCHEDULED.canBecome(SittingState.LIVE)).isTrue();
    assertThat(SittingState.SCHEDULED.canBecome(SittingState.CANCELLED)).isTrue();
    assertThat(SittingState.SCHEDULED.canBecome(SittingState.ENDED)).isFalse();
    assertThat(SittingState.LIVE.canBecome(SittingState.ENDED)).isTrue();
    assertThat(SittingState.LIVE.canBecome(SittingState.CANCELLED)).isFalse();
    for (SittingState next : SittingState.values()) {
      assertThat(SittingState.ENDED.canBecome(next)).isFalse();
      assertThat(SittingState.CANCELLED.canBecome(next)).isFalse();
    }
  }

  @Test
  void addressesAreBuiltHereAndNamespaced() {
    assertThat(Addresses.scheduleChanged()).startsWith("relais.");
    assertThat(Addresses.staffChanged()).startsWith("relais.").isNotEqualTo(Addresses.scheduleChanged());
    assertThat(Addresses.sittingChanged("0b5e4a9c-2f1d-4c3b-9a8e-7d6c5b4a3f21"))
        .startsWith("relais.").endsWith(".sitting");
  }
}
