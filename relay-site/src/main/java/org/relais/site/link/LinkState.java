package org.relais.site.link;

/** Where the relay's link to the hub stands. */
public enum LinkState {
  /** Not connected; dialling again after a pause that grows with each failure. */
  OFFLINE,
  /** Getting a ticket and opening the socket. */
  CONNECTING,
  /** Hello sent; schedule and acknowledgements come in. */
  ONLINE,
  /** The hub revoked the credential: the relay waits to be enrolled again. */
  REVOKED;

  public boolean canBecome(LinkState next) {
    return switch (this) {
      case OFFLINE -> next == CONNECTING || next == REVOKED;
      case CONNECTING -> next == ONLINE || next == OFFLINE || next == REVOKED;
      case ONLINE -> next == OFFLINE || next == REVOKED;
      case REVOKED -> false;
    };
  }
}
