package org.relais.loadtest.http;

import java.util.List;

/**
 * What a run asks for: one URI, or a list that every connection walks through in turn, each starting
 * at its own offset so that the connections together cover the whole list from the first answers on
 * (a burst of different join links rather than one link asked again and again).
 * {@code description} names the URIs in reports, without spelling out thousands of them.
 */
public record UriCycle(String description, List<String> uris) {

  public UriCycle {
    uris = List.copyOf(uris);
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one URI");
    }
  }

  public static UriCycle of(String uri) {
    return new UriCycle(uri, List.of(uri));
  }

  public int size() {
    return uris.size();
  }

  /** Where connection {@code connection} of {@code connections} starts: spread evenly over the list. */
  public int start(int connection, int connections) {
    return (int) ((long) connection * uris.size() / connections % uris.size());
  }
}
