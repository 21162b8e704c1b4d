package org.relais.hub.households;

import io.vertx.core.Future;
import java.util.List;
import org.relais.hub.staff.StaffPrincipal;

/**
 * Inviting households off the radar to the next classes of their favourite theme. Until messages can be sent
 * (the outbox), an invitation is a call: {@link #invite} answers the households a coordinator can call, those
 * with a phone number given with consent, for the printed list.
 */
public final class Invitations {
  /**
   * The households of {@code lines} to call. When the outbox is there, this is where an invitation by SMS or
   * e-mail is queued for each household with consented contact, in the same transaction as a log entry.
   */
  public Future<List<OffRadar.Line>> invite(StaffPrincipal member, List<OffRadar.Line> lines) {
    return Future.succeededFuture(lines.stream().filter(line -> line.household().phone().isPresent()).toList());
  }
}
