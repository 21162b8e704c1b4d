package org.relais.hub.staff;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.relais.hub.http.ProblemException;
import org.relais.hub.validation.InvalidFieldException;

/**
 * Argon2id password hashes (OWASP's minimum: 19 MiB, 2 passes). Hashing is deliberately slow, so it
 * always runs on a worker thread, and at most {@code maxConcurrent} hashes run at once on this node: beyond
 * that, a hash is refused at once (503, retry in a second) rather than queued, so a flood of sign-ins can
 * neither take every worker thread nor the memory that many hashes need.
 */
public final class Passwords {
  static final int MIN_LENGTH = 10;
  static final int MAX_LENGTH = 200;
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

  private final Vertx vertx;
  private final int maxConcurrent;
  private final AtomicInteger running = new AtomicInteger();

  public Passwords(Vertx vertx, int maxConcurrent) {
    this.vertx = vertx;
    this.maxConcurrent = maxConcurrent;
  }

  /** Verified against when the account does not exist, so both cases take as long; made on first use. */
  private static final class Decoy {
    static final String HASH = hashNow("decoy-password-never-matches");
  }

  public static String requireAcceptable(String field, String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      throw new InvalidFieldException(field, field + " must be at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) {
      throw new InvalidFieldException(field, field + " must be at most " + MAX_LENGTH + " characters");
    }
    return password;
  }

  public Future<String> hash(String password) {
    return limited(() -> hashNow(password));
  }

  /** Checks {@code password} against {@code hash}, or against a decoy when there is no account. */
  public Future<Boolean> verify(String password, String hash) {
    return limited(() -> {
      String target = hash == null ? Decoy.HASH : hash;
      return Password.check(password, target).with(ARGON2) && hash != null;
    });
  }

  private <T> Future<T> limited(Callable<T> work) {
    if (running.incrementAndGet() > maxConcurrent) {
      running.decrementAndGet();
      return Future.failedFuture(ProblemException.busy("Too many sign-ins at once; retry in a moment",
          Duration.ofSeconds(1)));
    }
    return vertx.executeBlocking(work, false).onComplete(done -> running.decrementAndGet());
  }

  static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }
}
