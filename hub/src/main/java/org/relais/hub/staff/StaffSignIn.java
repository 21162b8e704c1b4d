package org.relais.hub.staff;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.storage.AsyncCaches;
import org.relais.protocol.Addresses;

/** Signing in, and who a bearer token stands for now (cached briefly, forgotten on every node after a change). */
public final class StaffSignIn {
  private final StaffStore store;
  private final Passwords passwords;
  private final StaffTokens tokens;
  private final AsyncCache<UUID, Optional<StaffPrincipal>> principals = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(30))
      .maximumSize(10_000)
      .buildAsync();

  public StaffSignIn(StaffStore store, Passwords passwords, StaffTokens tokens, EventBus eventBus) {
    this.store = store;
    this.passwords = passwords;
    this.tokens = tokens;
    eventBus.<String>consumer(Addresses.staffChanged(), message -> principals.synchronous().invalidate(
        UUID.fromString(message.body())));
  }

  /** The same refusal for an unknown e-mail and a wrong password, after the same amount of work. */
  public Future<StaffTokens.Issued> login(String email, String password) {
    String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    return store.findByEmail(normalized).compose(found -> passwords
        .verify(password == null ? "" : password, found.map(StaffStore.Credentials::passwordHash).orElse(null))
        .map(ok -> {
          if (!ok) {
            throw new ProblemException(new Problem("invalid-credentials", "Invalid credentials", 401,
                "Wrong e-mail or password", "password"));
          }
          return tokens.issue(found.get().member());
        }));
  }

  /** Who a bearer token stands for now; fails as 401 for any invalid token or a deleted account. */
  public Future<StaffPrincipal> authenticate(String token) {
    return tokens.verify(token)
        .compose(id -> AsyncCaches.get(principals, id, () -> store.find(id).map(found -> found.map(StaffMember::principal))))
        .map(found -> found.orElseThrow(ProblemException::unauthorized))
        .recover(failure -> Future.failedFuture(ProblemException.unauthorized()));
  }
}
