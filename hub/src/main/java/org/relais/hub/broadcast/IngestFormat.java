package org.relais.hub.broadcast;

/** What a stream coming into the hub is: a browser's MediaRecorder WebM, or FLV from the RTMP ingest. */
public enum IngestFormat {
  WEBM("webm"),
  FLV("flv");

  private final String ffmpegName;

  IngestFormat(String ffmpegName) {
    this.ffmpegName = ffmpegName;
  }

  String ffmpegName() {
    return ffmpegName;
  }
}
