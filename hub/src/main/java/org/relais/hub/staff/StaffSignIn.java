package org.relais.hub.staff;

import io.vertx.core.Future;
import java.util.Locale;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.storage.SqlErrors;

/** Signing in, and who a bearer token stands for now. */
public final class StaffSignIn {
  private final StaffStore store;
  private final Passwords passwords;
  private final StaffTokens tokens;
  private final StaffPrincipals principals;

  public StaffSignIn(StaffStore store, Passwords passwords, StaffTokens tokens, StaffPrincipals principals) {
    this.store = store;
    this.passwords = passwords;
    this.tokens = tokens;
    this.principals = principals;
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
        .compose(principals::get)
        .map(found -> found.orElseThrow(ProblemException::unauthorized))
        .recover(failure -> SqlErrors.unlessUnavailable(failure, ProblemException::unauthorized));
  }
}
