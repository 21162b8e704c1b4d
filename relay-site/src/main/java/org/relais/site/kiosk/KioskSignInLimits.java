package org.relais.site.kiosk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Slows guessing at the kiosk's sign-in (offline, it is the relay that checks the password) without locking the
 * animator out: every attempt counts against its LAN address, and wrong passwords against the account from that
 * address only, so a guesser at one PC waits (429 and Retry-After) while the animator signs in at another.
 */
final class KioskSignInLimits {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final long perAddress;
  private final long failuresPerAccountAndAddress;
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(MINUTE.multipliedBy(2))
      .maximumSize(10_000).build();

  KioskSignInLimits(KioskConfig config) {
    this.perAddress = config.signInsPerMinutePerAddress();
    this.failuresPerAccountAndAddress = config.failuresPerMinutePerAccountAndAddress();
  }

  <T> Future<T> attempt(String account, String address, Supplier<Future<T>> signIn) {
    String pair = "failures\n" + account + '\n' + address;
    Optional<Duration> wait = take("address\n" + address, perAddress).or(() -> take(pair,
        failuresPerAccountAndAddress));
    if (wait.isPresent()) {
      return Future.failedFuture(new AnimatorLogins.TryLater(429, wait.get()));
    }
    return signIn.get().onComplete(result -> {
      Bucket failures = buckets.getIfPresent(pair);
      if (failures != null && !(result.failed() && result.cause() instanceof AnimatorLogins.Refused)) {
        failures.addTokens(1);
      }
    });
  }

  private Optional<Duration> take(String key, long perMinute) {
    Bucket bucket = buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, MINUTE).build()).build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Optional.empty()
        : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()).plusSeconds(1).withNanos(0));
  }
}
