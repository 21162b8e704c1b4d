package org.relais.hub.reports;

import java.util.ArrayList;
import java.util.List;

/** Reads a CSV file back as a spreadsheet would: quoted cells, doubled quotes, CRLF lines, a leading BOM. */
final class Csv {
  private Csv() {}

  static List<List<String>> parse(String text, char separator) {
    assert text.charAt(0) == '\uFEFF' : "a byte order mark first";
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == separator) {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else if (c != '\r') {
        cell.append(c);
      }
    }
    return rows;
  }
}
