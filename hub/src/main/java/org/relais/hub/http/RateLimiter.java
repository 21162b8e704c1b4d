package org.relais.hub.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets per key (an account, a client address), kept per node and forgotten when idle.
 * Answers how long to wait when a key is over its limit.
 */
public final class RateLimiter {
  private final Cache<String, Bucket> buckets;
  private final long capacity;
  private final Duration period;

  public RateLimiter(long capacity, Duration period) {
    this.capacity = capacity;
    this.period = period;
    this.buckets = Caffeine.newBuilder()
        .expireAfterAccess(period.multipliedBy(2))
        .maximumSize(100_000)
        .build();
  }

  /** Takes one token for {@code key}; empty when allowed, else the time until a token is back. */
  public Optional<Duration> tryAcquire(String key) {
    Bucket bucket = buckets.get(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }

  /** Gives back a token taken by {@link #tryAcquire}, for an attempt that turned out not to count. */
  public void refund(String key) {
    Bucket bucket = buckets.getIfPresent(key);
    if (bucket != null) {
      bucket.addTokens(1);
    }
  }
}
