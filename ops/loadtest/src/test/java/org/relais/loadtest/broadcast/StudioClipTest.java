package org.relais.loadtest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class StudioClipTest {
  private static final byte[] HEADER = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x81, 0x00, 0x18, 0x53,
      (byte) 0x80, 0x67, 0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
      (byte) 0xFF};

  /** A cluster as ffmpeg writes it: a one-byte size, then a Timecode of {@code timecodeBytes}, then a block. */
  private static byte[] cluster(long timecode, int timecodeBytes, byte[] block) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0xE7);
    body.write(0x80 | timecodeBytes);
    for (int i = timecodeBytes - 1; i >= 0; i--) {
      body.write((int) (timecode >>> (8 * i)) & 0xFF);
    }
    body.writeBytes(block);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1F, 0x43, (byte) 0xB6, 0x75});
    out.write(0x80 | body.size());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  private static StudioClip clip() {
    ByteArrayOutputStream webm = new ByteArrayOutputStream();
    webm.writeBytes(HEADER);
    webm.writeBytes(cluster(0, 1, new byte[] {(byte) 0xA3, (byte) 0x83, 1, 2, 3}));
    webm.writeBytes(cluster(480, 2, new byte[] {(byte) 0xA3, (byte) 0x82, 4, 5}));
    return StudioClip.parse(webm.toByteArray(), 1_000);
  }

  @Test
  void theHeaderIsEverythingBeforeTheFirstCluster() {
    assertThat(clip().header()).isEqualTo(HEADER);
    assertThat(clip().size()).isEqualTo(2);
  }

  @Test
  void eachLoopMovesTheTimecodesOnAndTheClustersStillParse() {
    StudioClip clip = clip();
    assertThat(clip.timecode(0)).isZero();
    assertThat(clip.timecode(1)).isEqualTo(480);
    assertThat(clip.timecode(2)).isEqualTo(1_000);
    assertThat(clip.timecode(5)).isEqualTo(2_480);
    assertThat(clip.endsAt(1)).isEqualTo(1_000);

    ByteArrayOutputStream resent = new ByteArrayOutputStream();
    resent.writeBytes(clip.header());
    for (int i = 0; i < 4; i++) {
      resent.writeBytes(clip.cluster(i));
    }
    StudioClip again = StudioClip.parse(resent.toByteArray(), 4_000);
    assertThat(again.size()).isEqualTo(4);
    assertThat(again.timecode(2)).isEqualTo(1_000);
    assertThat(again.timecode(3)).isEqualTo(1_480);
    // The blocks are the clip's own, byte for byte.
    assertThat(again.cluster(3)).endsWith((byte) 0xA3, (byte) 0x82, (byte) 4, (byte) 5);
  }

  @Test
  void aClusterThatDoesNotOpenWithItsTimecodeIsRefused() {
    byte[] webm = {0x1F, 0x43, (byte) 0xB6, 0x75, (byte) 0x82, (byte) 0xA3, 0x00};
    assertThatThrownBy(() -> StudioClip.parse(webm, 1_000)).isInstanceOf(IllegalArgumentException.class);
  }
}
