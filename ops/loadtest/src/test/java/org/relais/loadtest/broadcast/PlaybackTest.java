package org.relais.loadtest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlaybackTest {
  @Test
  void segmentsInTimeNeverStallAndTheBufferIsWhatIsAhead() {
    Playback playback = new Playback();
    assertThat(playback.arrived(1.0, 10_000)).isEqualTo(10_000);
    assertThat(playback.arrived(1.0, 10_100)).isEqualTo(11_000);
    assertThat(playback.arrived(1.0, 10_200)).isEqualTo(12_000);
    // Playing since 10 000: at 11 500, 1.5 s of the 3 s fetched are left.
    assertThat(playback.bufferMillis(11_500)).isEqualTo(1_500);
    assertThat(playback.arrived(1.0, 11_500)).isEqualTo(13_000);
    playback.end(12_000);
    assertThat(playback.stalls()).isZero();
    assertThat(playback.lowestBufferMillis()).isEqualTo(900);
  }

  @Test
  void aSegmentAfterThePlayheadReachedItIsAStallThatDelaysWhatFollows() {
    Playback playback = new Playback();
    assertThat(playback.dryAt()).isEqualTo(-1);
    playback.arrived(1.0, 0);
    assertThat(playback.dryAt()).isEqualTo(1_000);
    // The buffer ran dry at 1 000; the next segment comes at 1 400: 400 ms frozen, shown at once.
    assertThat(playback.arrived(1.0, 1_400)).isEqualTo(1_400);
    assertThat(playback.stalls()).isEqualTo(1);
    assertThat(playback.stalledMillis()).isEqualTo(400);
    assertThat(playback.lowestBufferMillis()).isZero();
    assertThat(playback.dryAt()).isEqualTo(2_400);
    // The playhead now runs 400 ms late: the third segment, in at 2 000, plays at 2 400.
    assertThat(playback.arrived(1.0, 2_000)).isEqualTo(2_400);
    assertThat(playback.stalls()).isEqualTo(1);
  }

  @Test
  void aStallGoingOnAtTheEndCounts() {
    Playback playback = new Playback();
    playback.arrived(1.0, 0);
    playback.end(900);
    assertThat(playback.stalls()).isZero();
    playback.end(1_300);
    assertThat(playback.stalls()).isEqualTo(1);
    assertThat(playback.stalledMillis()).isEqualTo(300);
  }

  @Test
  void nothingFetchedNothingStarted() {
    Playback playback = new Playback();
    playback.end(5_000);
    assertThat(playback.started()).isFalse();
    assertThat(playback.lowestBufferMillis()).isEqualTo(-1);
    assertThat(playback.bufferMillis(5_000)).isZero();
  }
}
