package org.relais.hub.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One sitting's attendance on every channel: the families at home (each with the time it stayed), the rooms at the
 * centres (the head count after each event, check-ins by name), the help calls. Its figures are those the report
 * gives the sitting's line. Pure data.
 */
public record SittingReport(UUID sessionId, LocalDate date, String title, String category, UUID centreId,
    String centreName, Instant start, Instant end, List<Family> families, List<Room> rooms, List<CheckIn> checkIns,
    List<HelpCall> helpCalls, int registered) {

  /** How a family at home did: present, seen too briefly to count, or not seen at all (a no-show). */
  public enum Presence { PRESENT, BRIEF, ABSENT }

  /**
   * A family registered for the class or seen in its room; {@code name} is "—" once its data is erased on its
   * request ({@code erased}: its registration was then given up, whatever it was before).
   */
  public record Family(UUID registrationId, String name, boolean confirmed, boolean erased, Duration stayed,
      Optional<Instant> firstJoined, Presence presence) {}

  /** A centre's room: its head count after each of its events, and its peak. */
  public record Room(UUID siteId, String name, List<Step> steps) {
    public int peak() {
      return Math.max(0, steps.stream().mapToInt(Step::count).max().orElse(0));
    }
  }

  /** The head count of a room from {@code at}. */
  public record Step(Instant at, int count) {}

  /** A person an animator checked in by name; the name is gone once the retention period is over. */
  public record CheckIn(Instant at, String room, Optional<String> name) {}

  /** A family's call for help: when it asked, who took it and when. */
  public record HelpCall(Instant askedAt, String name, Optional<Instant> takenAt, Optional<String> takenBy) {
    public Optional<Duration> answeredAfter() {
      return takenAt.map(taken -> Duration.between(askedAt, taken));
    }
  }

  public SittingReport {
    families = List.copyOf(families);
    rooms = List.copyOf(rooms);
    checkIns = List.copyOf(checkIns);
    helpCalls = List.copyOf(helpCalls);
  }

  public int presentAtHome() {
    return (int) families.stream().filter(f -> f.presence() == Presence.PRESENT).count();
  }

  /** As the report counts them: the confirmed registrations less the families present. */
  public int noShows() {
    return Math.max(0, registered - presentAtHome());
  }

  public int presentInRooms() {
    return rooms.stream().mapToInt(Room::peak).sum();
  }

  public int helpTaken() {
    return (int) helpCalls.stream().filter(call -> call.takenAt().isPresent()).count();
  }

  /** The mean time to answer of the calls taken. */
  public Optional<Duration> meanWait() {
    List<Duration> waits = helpCalls.stream().flatMap(call -> call.answeredAfter().stream()).toList();
    return waits.isEmpty() ? Optional.empty()
        : Optional.of(waits.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(waits.size()));
  }
}
