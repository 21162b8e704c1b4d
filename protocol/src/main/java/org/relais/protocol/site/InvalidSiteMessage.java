package org.relais.protocol.site;

/** A relay-site link message that does not follow the contract; the message is refused whole. */
public final class InvalidSiteMessage extends RuntimeException {
  public InvalidSiteMessage(String reason) {
    super(reason);
  }
}
