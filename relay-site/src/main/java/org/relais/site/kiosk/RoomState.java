package org.relais.site.kiosk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.protocol.site.SiteEvent;

/**
 * The room as the journal tells it: people counted in per session, check-ins, open help requests (and the
 * latest ones withdrawn by their visitors).
 * Folded from every journaled event at start, then kept up to date event by event.
 */
public final class RoomState {
  /** The label of the HELP_DONE that closes a request its visitor withdrew. */
  public static final String WITHDRAWN = "withdrawn";
  private static final int WITHDRAWALS_KEPT = 500;

  /** A help request from a visitor's PC, waiting for the animator. */
  public record HelpRequest(UUID id, String seat, UUID sessionId, Instant at) {}

  /** A quick check-in: a first name or initials, and the size of the household. */
  public record CheckIn(String name, int householdSize, Instant at) {}

  private final Map<UUID, Integer> headCounts = new HashMap<>();
  private final Map<UUID, List<CheckIn>> checkIns = new HashMap<>();
  private final Map<UUID, HelpRequest> help = new LinkedHashMap<>();
  /** The latest requests their visitors withdrew, so that their page can say so. */
  private final Set<UUID> withdrawn = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
      return size() > WITHDRAWALS_KEPT;
    }
  });

  public synchronized void apply(SiteEvent event) {
    switch (event.kind()) {
      case HEAD_COUNT -> headCounts.merge(event.sessionId(), event.delta(), Integer::sum);
      case CHECK_IN -> {
        headCounts.merge(event.sessionId(), event.delta(), Integer::sum);
        checkIns.computeIfAbsent(event.sessionId(), k -> new ArrayList<>())
            .add(new CheckIn(event.label(), event.delta(), event.at()));
      }
      case HELP_REQUESTED -> help.put(event.id(), new HelpRequest(event.id(), event.label(), event.sessionId(),
          event.at()));
      case HELP_DONE -> {
        if (help.remove(event.ref()) != null && WITHDRAWN.equals(event.label())) {
          withdrawn.add(event.ref());
        }
      }
      default -> { }
    }
  }

  public synchronized int headCount(UUID sessionId) {
    return Math.max(0, headCounts.getOrDefault(sessionId, 0));
  }

  public synchronized List<CheckIn> checkIns(UUID sessionId) {
    return List.copyOf(checkIns.getOrDefault(sessionId, List.of()));
  }

  public synchronized List<HelpRequest> openHelp() {
    return List.copyOf(help.values());
  }

  public synchronized boolean wasWithdrawn(UUID id) {
    return withdrawn.contains(id);
  }

  public synchronized Optional<HelpRequest> help(UUID id) {
    return Optional.ofNullable(help.get(id));
  }
}
