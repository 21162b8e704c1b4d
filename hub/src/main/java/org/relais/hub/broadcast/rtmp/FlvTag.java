package org.relais.hub.broadcast.rtmp;

import io.vertx.core.buffer.Buffer;

/**
 * One piece of a published stream as FLV bytes: concatenated in order, the pieces make an FLV file.
 *
 * @param kind what the bytes are
 * @param timestamp the tag's time in ms (0 for the file header)
 * @param bytes the FLV file header, or a whole tag with its trailing PreviousTagSize
 * @param keyframe a video tag a decoder can start at
 * @param config a piece a decoder needs before any frame (file header, metadata, codec sequence header):
 *     {@link FlvStream#header()} holds the latest of each
 */
public record FlvTag(Kind kind, long timestamp, Buffer bytes, boolean keyframe, boolean config) {
  public enum Kind { FILE_HEADER, METADATA, AUDIO, VIDEO }
}
