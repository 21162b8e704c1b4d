package org.relais.hub.staff;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * The hub's wiring of staff accounts: the accounts and their roles, passwords, sign-in and its tokens, sessions
 * of the staff app, and password resets, sharing one store and one pool of password hashers.
 */
public final class StaffFeature {
  private final StaffAccounts accounts;
  private final StaffSignIn signIn;
  private final StaffSessions sessions;
  private final PasswordResets passwordResets;

  public StaffFeature(Vertx vertx, Pool pool, AuthConfig config, String tokenSecret, Clock clock) {
    StaffStore store = new StaffStore(pool, clock);
    Passwords passwords = new Passwords(vertx, config.maxConcurrentHashes());
    StaffPrincipals principals = new StaffPrincipals(store, vertx.eventBus());
    this.sessions = new StaffSessions(pool, principals, config, clock);
    this.accounts = new StaffAccounts(store, passwords, principals, sessions);
    this.passwordResets = new PasswordResets(pool, store, passwords, sessions, clock);
    this.signIn = new StaffSignIn(store, passwords, new StaffTokens(vertx, tokenSecret, config.tokenTtl(), clock),
        principals, config);
  }

  public StaffAccounts accounts() {
    return accounts;
  }

  public StaffSignIn signIn() {
    return signIn;
  }

  public StaffSessions sessions() {
    return sessions;
  }

  public PasswordResets passwordResets() {
    return passwordResets;
  }

  /** Who calls the API: a bearer token, or the staff app's session. */
  public StaffAuthenticator authenticator() {
    return new StaffAuthenticator(signIn, sessions);
  }
}
