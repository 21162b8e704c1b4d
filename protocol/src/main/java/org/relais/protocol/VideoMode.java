package org.relais.protocol;

/** How a session's video travels: through a Jitsi Meet deployment, or peer to peer over the hub's signalling. */
public enum VideoMode {
  JITSI,
  DIRECT
}
