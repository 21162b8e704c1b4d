package org.relais.hub.broadcast.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever bytes a client sends, the parsers refuse them with a protocol error, never anything else. */
class RtmpFuzzTest {
  private static final int RUNS = 2000;

  @Test
  void randomChunksEndInMessagesOrAProtocolError() {
    Random random = new Random(13);
    int refused = 0;
    for (int run = 0; run < RUNS; run++) {
      ChunkDecoder decoder = new ChunkDecoder(65536, 1 << 20, message -> { });
      byte[] bytes = new byte[1 + random.nextInt(4096)];
      random.nextBytes(bytes);
      // Half the runs start with a plausible full header, so the parser gets past the first byte.
      if (run % 2 == 0 && bytes.length > 12) {
        bytes[0] = (byte) (random.nextInt(62) + 2);
        bytes[4] = 0;
      }
      try {
        for (int offset = 0; offset < bytes.length; ) {
          int length = Math.min(bytes.length - offset, 1 + random.nextInt(300));
          decoder.feed(Buffer.buffer(bytes).getBuffer(offset, offset + length));
          offset += length;
        }
      } catch (RtmpProtocolException expected) {
        refused++;
      }
    }
    assertThat(refused).isPositive();
  }

  @Test
  void randomAmf0EndsInValuesOrAProtocolError() {
    Random random = new Random(42);
    int decoded = 0;
    for (int run = 0; run < RUNS; run++) {
      byte[] bytes = new byte[1 + random.nextInt(64)];
      random.nextBytes(bytes);
      bytes[0] = (byte) random.nextInt(13);
      try {
        Amf0.decodeAll(Buffer.buffer(bytes));
        decoded++;
      } catch (RtmpProtocolException expected) {
        // refused, as it should be
      }
    }
    assertThat(decoded).isPositive();
  }
}
