package org.relais.protocol;

/**
 * How a session's video travels: through a Jitsi Meet deployment, peer to peer over the hub's signalling, or
 * broadcast by the hub to any number of viewers (HLS, one way: the instructor sends, everyone watches).
 */
public enum VideoMode {
  JITSI,
  DIRECT,
  BROADCAST
}
