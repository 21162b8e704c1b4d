package org.relais.hub.staff;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.RateLimiter;

/**
 * Slows password guessing down without locking the real person out. Wrong passwords are counted per account
 * and address: past the limit that address waits (429 and Retry-After: seconds, not a lockout), while the
 * person, elsewhere, signs in as usual. A higher ceiling counts wrong passwords on the account from every
 * address together, against guessing from many addresses; it does not apply from an address where the account
 * signed in lately, so its owner still gets in from there. Every attempt also counts against its address. A
 * right password, or a refusal that is no verdict on the password (busy), gives its tokens back.
 */
final class SignInLimits {
  private static final Duration KNOWN_FOR = Duration.ofDays(30);

  private final RateLimiter perAddress;
  private final RateLimiter failuresPerAccountAndAddress;
  private final RateLimiter failuresPerAccount;
  private final Cache<String, Boolean> knownAddresses = Caffeine.newBuilder().maximumSize(100_000)
      .expireAfterWrite(KNOWN_FOR).build();

  SignInLimits(AuthConfig config) {
    Duration minute = Duration.ofMinutes(1);
    this.perAddress = new RateLimiter(config.loginsPerMinutePerAddress(), minute);
    this.failuresPerAccountAndAddress = new RateLimiter(config.failuresPerMinutePerAccountAndAddress(), minute);
    this.failuresPerAccount = new RateLimiter(config.failuresPerMinutePerAccount(), minute);
  }

  /** Runs {@code signIn} for {@code account} from {@code address} if the limits allow it; 429 otherwise. */
  <T> Future<T> attempt(String account, String address, Supplier<Future<T>> signIn) {
    String pair = account + '\n' + address;
    Optional<Duration> wait = perAddress.tryAcquire(address)
        .or(() -> failuresPerAccountAndAddress.tryAcquire(pair));
    if (wait.isPresent()) {
      return Future.failedFuture(ProblemException.tooManyRequests(wait.get()));
    }
    boolean known = knownAddresses.getIfPresent(pair) != null;
    Optional<Duration> ceiling = known ? Optional.empty() : failuresPerAccount.tryAcquire(account);
    if (ceiling.isPresent()) {
      failuresPerAccountAndAddress.refund(pair);
      return Future.failedFuture(ProblemException.tooManyRequests(ceiling.get()));
    }
    return signIn.get().onComplete(result -> {
      if (result.succeeded()) {
        knownAddresses.put(pair, Boolean.TRUE);
      }
      if (result.succeeded() || !wrongPassword(result.cause())) {
        failuresPerAccountAndAddress.refund(pair);
        if (!known) {
          failuresPerAccount.refund(account);
        }
      }
    });
  }

  private static boolean wrongPassword(Throwable failure) {
    return failure instanceof ProblemException problem && problem.problem().status() == 401;
  }
}
