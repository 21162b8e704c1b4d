package org.relais.hub.demo;

import io.vertx.core.Future;
import org.relais.hub.outbox.Outbox;

/**
 * What the demo's messages pages show besides "delivered": one family (Famille Traoré of {@link DemoFamilies})
 * answered STOP before it registered, so its texts are skipped, "opted out", while its neighbours' arrive in the
 * local outbox. Done before the families register, so the worker finds the opt-out when it delivers.
 */
public final class DemoDeliveries {
  static final String OPTED_OUT_PHONE = "06 55 44 33 22";

  private DemoDeliveries() {}

  public static Future<Void> seed(Outbox outbox) {
    return outbox.optOut(OPTED_OUT_PHONE, "demo");
  }
}
