package org.relais.site.kiosk;

import java.time.Duration;

/** Where the kiosk listens on the LAN, and how long an animator's sign-in lasts (also offline). */
public record KioskConfig(String host, int port, Duration signInFor) {
  public KioskConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("kiosk.port must be from 0 to 65535");
    }
    if (signInFor.isNegative() || signInFor.isZero() || signInFor.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("kiosk.signInFor must be positive and at most seven days");
    }
  }
}
