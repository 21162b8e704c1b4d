package org.relais.site.kiosk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.relais.site.link.Enrolment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs animators in to the kiosk. The hub decides (the account's password, an ANIMATOR or coordinator of
 * this centre); a successful sign-in is remembered, as a salted PBKDF2 hash, for a bounded time, so the
 * animator can still sign in while the centre's line is down. The hub refusing that very password (changed since,
 * or the account gone) forgets it at once; the hub refusing another one (someone guessing) does not. At most
 * {@code maxConcurrentHashes} PBKDF2 hashes run at once (the relay has few worker threads, and its journal needs
 * them): beyond that a sign-in is told to try again in a second instead of waiting.
 */
public final class AnimatorLogins {
  private static final Logger LOG = LoggerFactory.getLogger(AnimatorLogins.class);
  private static final int ITERATIONS = 120_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Who is at the kiosk; {@code hubToken} is the hub's staff token of this sign-in, with which the kiosk acts on
   * the hub for them (taking a family's call), null when signed in while the hub was unreachable.
   */
  public record Animator(String email, String name, String role, boolean offline, String hubToken) {
    @Override
    public String toString() {
      return "Animator[" + email + ", " + role + (offline ? ", offline" : "") + "]";
    }
  }

  /**
   * Refused: wrong password, or not staff of this centre. The message is English, for logs; the kiosk's page says
   * {@link #reason} in the animator's language ({@code kiosk_login_refused_<reason>}).
   */
  public static final class Refused extends RuntimeException {
    public enum Reason {
      WRONG_PASSWORD("wrong email or password"),
      NOT_STAFF_HERE("not staff of this centre"),
      UNKNOWN_TO_HUB("the hub did not say who this is"),
      OFFLINE_UNKNOWN("the hub is unreachable and this account has not signed in here lately");

      private final String english;

      Reason(String english) {
        this.english = english;
      }
    }

    private final Reason reason;

    public Refused(Reason reason) {
      super(reason.english, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }

    /** The key of this refusal's sentence in the message bundles. */
    public String messageKey() {
      return "kiosk_login_refused_" + reason.name().toLowerCase(Locale.ROOT);
    }
  }

  /** Not now: too many sign-ins at once here (503), or the hub asks this account to slow down (429). */
  public static final class TryLater extends RuntimeException {
    private final int status;
    private final Duration retryAfter;

    public TryLater(int status, Duration retryAfter) {
      super("try again in " + retryAfter.toSeconds() + " s", null, false, false);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    public int status() {
      return status;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  private record Remembered(Animator animator, byte[] salt, byte[] hash) {}

  private final Vertx vertx;
  private final WebClient http;
  private final Enrolment enrolment;
  private final Cache<String, Remembered> remembered;
  private final int maxConcurrentHashes;
  private final AtomicInteger hashing = new AtomicInteger();

  public AnimatorLogins(Vertx vertx, Enrolment enrolment, Duration rememberFor, int maxConcurrentHashes) {
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
    this.enrolment = enrolment;
    this.remembered = Caffeine.newBuilder().maximumSize(200).expireAfterWrite(rememberFor).build();
    this.maxConcurrentHashes = maxConcurrentHashes;
  }

  public Future<Animator> signIn(String email, String password) {
    String key = email.strip().toLowerCase(Locale.ROOT);
    return http.postAbs(enrolment.api("/auth/login").toString()).timeout(8_000)
        .sendJsonObject(new JsonObject().put("email", key).put("password", password))
        .transform(answer -> {
          if (answer.failed() || answer.result().statusCode() >= 500) {
            return offline(key, password);
          }
          if (answer.result().statusCode() == 429) {
            // The hub slows this account down from here; the password may be right, so nothing is forgotten.
            return Future.failedFuture(new TryLater(429, retryAfter(answer.result().getHeader("Retry-After"))));
          }
          if (answer.result().statusCode() != 200) {
            return forgetIfRemembered(key, password)
                .compose(checked -> Future.failedFuture(new Refused(Refused.Reason.WRONG_PASSWORD)));
          }
          String token = answer.result().bodyAsJsonObject().getString("token");
          return http.getAbs(enrolment.api("/auth/me").toString()).timeout(8_000).bearerTokenAuthentication(token)
              .send().compose(me -> {
                if (me.statusCode() != 200) {
                  return Future.failedFuture(new Refused(Refused.Reason.UNKNOWN_TO_HUB));
                }
                JsonObject staff = me.bodyAsJsonObject();
                if (!worksHere(staff)) {
                  remembered.invalidate(key);
                  return Future.failedFuture(new Refused(Refused.Reason.NOT_STAFF_HERE));
                }
                Animator animator = new Animator(key, staff.getString("displayName"), staff.getString("role"), false,
                    token);
                return remember(animator, password).map(animator);
              });
        });
  }

  private boolean worksHere(JsonObject staff) {
    String role = staff.getString("role");
    JsonArray centres = staff.getJsonArray("centreIds", new JsonArray());
    return "ADMIN".equals(role) || (("ANIMATOR".equals(role) || "COORDINATOR".equals(role))
        && centres.contains(enrolment.centreId().toString()));
  }

  private Future<Animator> offline(String key, String password) {
    Remembered known = remembered.getIfPresent(key);
    if (known == null) {
      return Future.failedFuture(new Refused(Refused.Reason.OFFLINE_UNKNOWN));
    }
    return limited(() -> hash(password, known.salt())).map(hash -> {
      if (!MessageDigest.isEqual(hash, known.hash())) {
        throw new Refused(Refused.Reason.WRONG_PASSWORD);
      }
      LOG.info("{} signed in to the kiosk while the hub is unreachable", key);
      Animator a = known.animator();
      return new Animator(a.email(), a.name(), a.role(), true, null);
    });
  }

  /** Forgets {@code key}'s remembered password if it is {@code password}, which the hub no longer accepts. */
  private Future<Void> forgetIfRemembered(String key, String password) {
    Remembered known = remembered.getIfPresent(key);
    if (known == null) {
      return Future.succeededFuture();
    }
    return limited(() -> hash(password, known.salt())).<Void>map(hash -> {
      if (MessageDigest.isEqual(hash, known.hash())) {
        remembered.invalidate(key);
      }
      return null;
    }).recover(busy -> Future.succeededFuture());
  }

  private Future<Void> remember(Animator animator, String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return limited(() -> hash(password, salt))
        .map(hash -> {
          Animator kept = new Animator(animator.email(), animator.name(), animator.role(), false, null);
          remembered.put(animator.email(), new Remembered(kept, salt, hash));
          return (Void) null;
        })
        .recover(failure -> {
          if (!(failure instanceof TryLater)) {
            return Future.failedFuture(failure);
          }
          LOG.warn("{} signed in, but too many sign-ins at once kept it from being remembered for offline use",
              animator.email());
          return Future.succeededFuture();
        });
  }

  private <T> Future<T> limited(Callable<T> work) {
    if (hashing.incrementAndGet() > maxConcurrentHashes) {
      hashing.decrementAndGet();
      return Future.failedFuture(new TryLater(503, Duration.ofSeconds(1)));
    }
    return vertx.executeBlocking(work, false).onComplete(done -> hashing.decrementAndGet());
  }

  private static Duration retryAfter(String header) {
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header == null ? "" : header.strip())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(30);
    }
  }

  private static byte[] hash(String password, byte[] salt) throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } finally {
      spec.clearPassword();
    }
  }

  public void close() {
    http.close();
  }
}
