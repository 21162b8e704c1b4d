package org.relais.site.broadcast;

/**
 * Where the relay's pull of a live broadcast stands: waiting for the hub to list a first segment, receiving,
 * reconnecting (the hub did not answer: the LAN keeps what it has, the room screen says "reconnexion…"), or
 * ended (the hub closed the playlist).
 */
public enum BroadcastState {
  WAITING,
  RECEIVING,
  RECONNECTING,
  ENDED
}
