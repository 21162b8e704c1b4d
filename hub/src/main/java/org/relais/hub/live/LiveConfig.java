package org.relais.hub.live;

import org.relais.hub.config.ConfigValues;

/**
 * The live bridge's limits: sockets one client address may hold on a node (relay-sites behind a centre's
 * one public address, consoles), and the frames per second one socket may send, in bursts of twice that.
 */
public record LiveConfig(int maxSocketsPerAddress, int framesPerSecond) {

  public int frameBurst() {
    return 2 * framesPerSecond;
  }

  public static LiveConfig from(ConfigValues values) {
    return new LiveConfig(values.integer("live.maxSocketsPerAddress", 1, 100_000),
        values.integer("live.framesPerSecond", 1, 10_000));
  }
}
