package org.relais.hub.schedule;

import java.util.List;

/** A page of sittings in schedule order, with the cursor of the next page ({@code null} on the last). */
public record OccurrencePage(List<Occurrence> items, String next) {
  public OccurrencePage {
    items = List.copyOf(items);
  }
}
