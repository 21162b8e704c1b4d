package org.relais.hub.broadcast.rtmp;

/** A publisher broke the RTMP protocol or one of our limits: its connection is closed. */
final class RtmpProtocolException extends RuntimeException {
  RtmpProtocolException(String message) {
    super(message, null, false, false);
  }
}
