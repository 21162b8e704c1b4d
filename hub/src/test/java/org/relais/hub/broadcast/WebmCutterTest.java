package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header and the resume points of a WebM stream, however the stream is cut into messages. */
class WebmCutterTest {
  @Test
  void findsTheHeaderAndEveryClusterWhateverTheChunkSize() throws Exception {
    byte[] webm = Studio.testWebm(3);
    int clusters = 0;
    for (int i = 0; i + 4 <= webm.length; i++) {
      if (webm[i] == 0x1F && webm[i + 1] == 0x43 && webm[i + 2] == (byte) 0xB6 && webm[i + 3] == 0x75) {
        clusters++;
      }
    }
    assertThat(clusters).isGreaterThan(3);
    for (int size : List.of(1, 3, 4, 5, 1000, 65_536, webm.length)) {
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      ByteArrayOutputStream media = new ByteArrayOutputStream();
      List<Boolean> resumes = new ArrayList<>();
      WebmCutter cutter = new WebmCutter(h -> header.writeBytes(h.getBytes()), (piece, resume) -> {
        if (resume) {
          resumes.add(true);
          // A resume point begins with a Cluster id (or its first bytes, the rest following in the next piece).
          byte[] id = {0x1F, 0x43, (byte) 0xB6, 0x75};
          assertThat(piece.getBytes(0, Math.min(4, piece.length()))).isEqualTo(Arrays.copyOf(id,
              Math.min(4, piece.length())));
        }
        media.writeBytes(piece.getBytes());
      });
      for (int offset = 0; offset < webm.length; offset += size) {
        assertThat(cutter.feed(Buffer.buffer(Arrays.copyOfRange(webm, offset, Math.min(webm.length, offset + size)))))
            .isTrue();
      }
      byte[] all = new byte[header.size() + media.size()];
      System.arraycopy(header.toByteArray(), 0, all, 0, header.size());
      System.arraycopy(media.toByteArray(), 0, all, header.size(), media.size());
      // All but the last three bytes, which wait for a next chunk that never comes.
      assertThat(all).as("chunks of %d", size).isEqualTo(Arrays.copyOf(webm, webm.length - 3));
      assertThat(WebmCutter.indexOfCluster(Buffer.buffer(header.toByteArray()), 0)).isEqualTo(-1);
      assertThat(resumes).as("chunks of %d", size).hasSize(clusters);
    }
  }

  @Test
  void refusesAStreamWithoutAClusterInItsFirst64KiB() {
    WebmCutter cutter = new WebmCutter(h -> { }, (piece, resume) -> { });
    assertThat(cutter.feed(Buffer.buffer(new byte[40_000]))).isTrue();
    assertThat(cutter.feed(Buffer.buffer(new byte[40_000]))).isFalse();
  }
}
