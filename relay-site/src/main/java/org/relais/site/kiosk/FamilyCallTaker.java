package org.relais.site.kiosk;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;
import org.relais.site.link.Enrolment;

/**
 * Takes a family's help call for the animator at the kiosk, on the hub's API with their own staff token (so
 * the hub checks them, and the call says who took it), and gives the address of the call's room page on the
 * hub, with that token in its fragment: the page's script keeps it, and no server or log ever sees it.
 */
public final class FamilyCallTaker {
  /** Why a call could not be taken; {@code status} is what the kiosk answers. */
  static final class NotTaken extends RuntimeException {
    enum Reason { OFFLINE, SIGN_IN_AGAIN, ALREADY_TAKEN, NOT_ALLOWED }

    final Reason reason;

    NotTaken(Reason reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }

    int status() {
      return switch (reason) {
        case OFFLINE -> 503;
        case SIGN_IN_AGAIN -> 401;
        case ALREADY_TAKEN -> 409;
        case NOT_ALLOWED -> 403;
      };
    }
  }

  private final WebClient http;
  private final Enrolment enrolment;

  public FamilyCallTaker(Vertx vertx, Enrolment enrolment) {
    this.http = WebClient.create(vertx);
    this.enrolment = enrolment;
  }

  /** The call's room page once the hub says the call is this animator's; fails with {@link NotTaken}. */
  Future<String> take(AnimatorLogins.Animator animator, UUID callId) {
    if (animator.hubToken() == null) {
      return Future.failedFuture(new NotTaken(NotTaken.Reason.OFFLINE));
    }
    return http.postAbs(enrolment.api("/help-calls/" + callId + "/take").toString())
        .bearerTokenAuthentication(animator.hubToken())
        .timeout(8_000)
        .send()
        .transform(answer -> {
          if (answer.failed() || answer.result().statusCode() >= 500) {
            return Future.failedFuture(new NotTaken(NotTaken.Reason.OFFLINE));
          }
          return switch (answer.result().statusCode()) {
            case 200 -> Future.succeededFuture(enrolment.hub().resolve("/help-calls/" + callId + "/room")
                + "#token=" + animator.hubToken());
            case 401 -> Future.failedFuture(new NotTaken(NotTaken.Reason.SIGN_IN_AGAIN));
            case 403 -> Future.failedFuture(new NotTaken(NotTaken.Reason.NOT_ALLOWED));
            default -> Future.failedFuture(new NotTaken(NotTaken.Reason.ALREADY_TAKEN));
          };
        });
  }

  void close() {
    http.close();
  }
}
