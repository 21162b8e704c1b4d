package org.relais.hub.broadcast.rtmp;

import io.vertx.core.buffer.Buffer;

/** One RTMP message, whole, once its chunks are put together; {@code timestamp} in ms, 32 bits unsigned. */
record RtmpMessage(int type, long streamId, long timestamp, Buffer payload) {
  static final int SET_CHUNK_SIZE = 1;
  static final int ABORT = 2;
  static final int ACKNOWLEDGEMENT = 3;
  static final int USER_CONTROL = 4;
  static final int WINDOW_ACK_SIZE = 5;
  static final int SET_PEER_BANDWIDTH = 6;
  static final int AUDIO = 8;
  static final int VIDEO = 9;
  static final int DATA_AMF3 = 15;
  static final int COMMAND_AMF3 = 17;
  static final int DATA_AMF0 = 18;
  static final int COMMAND_AMF0 = 20;
}
