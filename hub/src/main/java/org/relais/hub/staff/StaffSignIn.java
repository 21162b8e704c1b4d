package org.relais.hub.staff;

import io.vertx.core.Future;
import java.util.Locale;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.storage.SqlErrors;

/**
 * Signing in, from a script (a bearer token) or a browser (a session), under the same limits, and who a
 * bearer token stands for now.
 */
public final class StaffSignIn {
  private final StaffStore store;
  private final Passwords passwords;
  private final StaffTokens tokens;
  private final StaffPrincipals principals;
  private final SignInLimits limits;

  public StaffSignIn(StaffStore store, Passwords passwords, StaffTokens tokens, StaffPrincipals principals,
      AuthConfig config) {
    this.store = store;
    this.passwords = passwords;
    this.tokens = tokens;
    this.principals = principals;
    this.limits = new SignInLimits(config);
  }

  /** A bearer token for the account, if the password is right and the limits allow the attempt. */
  public Future<StaffTokens.Issued> login(String email, String password, String clientAddress) {
    return verify(email, password, clientAddress).map(tokens::issue);
  }

  /**
   * The account, if it is active, the password right and the limits allow {@code clientAddress} to try:
   * otherwise 401, the same for an unknown e-mail, a deactivated account and a wrong password, after the same
   * amount of work, or 429.
   */
  public Future<StaffMember> verify(String email, String password, String clientAddress) {
    String normalized = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    return limits.attempt(normalized, clientAddress, () -> store.findByEmail(normalized).compose(found -> passwords
        .verify(password == null ? "" : password, found.map(StaffStore.Credentials::passwordHash).orElse(null))
        .map(ok -> {
          if (!ok || !found.get().member().active()) {
            throw new ProblemException(new Problem("invalid-credentials", "Invalid credentials", 401,
                "Wrong e-mail or password", "password"));
          }
          return found.get().member();
        })));
  }

  /** Who a bearer token stands for now; fails as 401 for any invalid token or a deleted account. */
  public Future<StaffPrincipal> authenticate(String token) {
    return tokens.verify(token)
        .compose(principals::get)
        .map(found -> found.orElseThrow(ProblemException::unauthorized))
        .recover(failure -> SqlErrors.unlessUnavailable(failure, ProblemException::unauthorized));
  }
}
