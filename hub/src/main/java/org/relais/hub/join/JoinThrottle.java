package org.relais.hub.join;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import org.relais.hub.http.ClientAddress;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.RateLimiter;

/**
 * A token bucket per client address in front of join links and private pages, so that their tokens
 * cannot be guessed by brute force; other addresses are not slowed down.
 */
public final class JoinThrottle implements Handler<RoutingContext> {
  private final RateLimiter limiter;
  private final ClientAddress clientAddress;

  public JoinThrottle(int perMinute, ClientAddress clientAddress) {
    this.limiter = new RateLimiter(perMinute, Duration.ofMinutes(1));
    this.clientAddress = clientAddress;
  }

  @Override
  public void handle(RoutingContext ctx) {
    limiter.tryAcquire(clientAddress.of(ctx)).ifPresentOrElse(
        wait -> ctx.fail(ProblemException.tooManyRequests(wait)), ctx::next);
  }
}
