package org.relais.site.kiosk;

import java.time.Duration;

/**
 * Where the kiosk listens on the LAN, how long an animator's sign-in lasts (also offline), and how sign-ins
 * are limited: attempts per minute from one address, wrong passwords per minute for one account from one
 * address, and password hashes running at once.
 */
public record KioskConfig(String host, int port, Duration signInFor, int signInsPerMinutePerAddress,
    int failuresPerMinutePerAccountAndAddress, int maxConcurrentHashes) {
  public KioskConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("kiosk.port must be from 0 to 65535");
    }
    if (signInFor.isNegative() || signInFor.isZero() || signInFor.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("kiosk.signInFor must be positive and at most seven days");
    }
    if (signInsPerMinutePerAddress < 1 || signInsPerMinutePerAddress > 10_000) {
      throw new IllegalArgumentException("kiosk.signInsPerMinutePerAddress must be from 1 to 10000");
    }
    if (failuresPerMinutePerAccountAndAddress < 1 || failuresPerMinutePerAccountAndAddress > 1_000) {
      throw new IllegalArgumentException("kiosk.failuresPerMinutePerAccountAndAddress must be from 1 to 1000");
    }
    if (maxConcurrentHashes < 1 || maxConcurrentHashes > 16) {
      throw new IllegalArgumentException("kiosk.maxConcurrentHashes must be from 1 to 16");
    }
  }
}
