package org.relais.loadtest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcCpuTest {
  @Test
  void userAndSystemTicksOfAStatLineWhoseNameHasSpaces() {
    String stat = "4242 (ffmpeg in) S 1 4242 4242 0 -1 4194304 1234 0 0 0 350 25 0 0 20 0 5 0 100 0 0";
    assertThat(ProcCpu.parse(stat)).isEqualTo(375 * ProcCpu.TICK_NANOS);
  }

  @Test
  void thisProcessHasUsedSomeCpuAndAGoneOneNone() {
    assertThat(ProcCpu.nanos(ProcessHandle.current().pid())).isPositive();
    assertThat(ProcCpu.nanos(Integer.MAX_VALUE)).isEqualTo(-1);
  }
}
