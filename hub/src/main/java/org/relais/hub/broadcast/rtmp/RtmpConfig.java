package org.relais.hub.broadcast.rtmp;

import java.time.Duration;
import org.relais.hub.config.ConfigException;

/**
 * The RTMP ingest's listening address and the limits that keep a hostile or broken client from holding
 * memory or a connection slot: a connection must be publishing within {@code handshakeTimeout}, goes
 * after {@code idleTimeout} without a byte, and cannot declare a chunk or message over the maxima; one
 * address cannot take more than {@code maxConnectionsPerAddress} of the {@code maxConnections} slots (an
 * encoder uses one; a centre's NAT may hide a few).
 */
public record RtmpConfig(String host, int port, Duration handshakeTimeout, Duration idleTimeout, int maxChunkSize,
    int maxMessageLength, int maxConnections, int maxConnectionsPerAddress) {
  /** A keyframe of a 1080p stream at a high bit rate stays well under this. */
  public static final int DEFAULT_MAX_MESSAGE_LENGTH = 8 * 1024 * 1024;
  public static final int DEFAULT_MAX_CHUNK_SIZE = 64 * 1024;

  public RtmpConfig {
    if (host == null || host.isBlank()) {
      throw new ConfigException("broadcast.rtmpHost", "must name an address to listen on");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("broadcast.rtmpPort", "must be between 0 and 65535, got " + port);
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new ConfigException("broadcast.rtmpPort", "timeouts must be positive");
    }
    if (maxChunkSize < 128 || maxMessageLength < maxChunkSize || maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new ConfigException("broadcast.rtmpPort", "limits must allow at least one 128-byte chunk and one connection");
    }
  }

  /** The address, with the limits every encoder we know of fits in. */
  public static RtmpConfig of(String host, int port) {
    return new RtmpConfig(host, port, Duration.ofSeconds(10), Duration.ofSeconds(30), DEFAULT_MAX_CHUNK_SIZE,
        DEFAULT_MAX_MESSAGE_LENGTH, 32, 4);
  }
}
