package org.relais.hub.join;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;
import org.relais.protocol.JoinRole;
import org.relais.protocol.JoinState;
import org.relais.protocol.VideoMode;

/**
 * The replay a join link opens, if any: the pages show it only when the hub would serve it, so that no family
 * follows a link to nothing. Kept by the broadcasts, asked by the pages.
 */
@FunctionalInterface
public interface JoinReplays {

  /**
   * The sitting replayed ({@code date}), the last day it stays available ({@code until}), and the key under which
   * a device remembers this link's choices (its small connection) without keeping the token.
   */
  record Replay(LocalDate date, LocalDate until, String linkKey) {}

  Future<Optional<Replay>> of(String token);

  /**
   * The replay a page of {@code view} shows: a broadcast class's, once its sitting is no longer open, to its
   * families and its instructor.
   */
  default Future<Optional<Replay>> shownOn(String token, JoinView view) {
    return view.state() != JoinState.OPEN && replayed(view) ? of(token) : Future.succeededFuture(Optional.empty());
  }

  /**
   * Whether a page of {@code view} showing {@code shown} follows its link for the replay to come: the sitting of a
   * broadcast class that is over, before its replay is ready (made in the seconds after the end).
   */
  static boolean awaited(JoinView view, Optional<Replay> shown) {
    return view.state() == JoinState.ENDED && shown.isEmpty() && replayed(view);
  }

  /** A broadcast class's link of a family or of its instructor: the links its replay is for. */
  private static boolean replayed(JoinView view) {
    return view.session().draft().videoMode() == VideoMode.BROADCAST
        && (view.claims().role() == JoinRole.PARTICIPANT || view.claims().role() == JoinRole.INSTRUCTOR);
  }

  /** What a page follows of its link: the state, and whether it shows the replay; it reloads when that changes. */
  static String followed(JoinView view, Optional<Replay> shown) {
    return view.state().name() + (shown.isPresent() ? "+REPLAY" : "");
  }
}
