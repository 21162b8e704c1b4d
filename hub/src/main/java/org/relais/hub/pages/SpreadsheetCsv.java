package org.relais.hub.pages;

import java.util.List;

/**
 * A CSV file as a centre PC's spreadsheet reads it: UTF-8 with a byte order mark (so Excel reads accents
 * right), the separator Excel expects in the reader's language, every cell quoted, and no cell a
 * spreadsheet would run as a formula. Every export of the hub writes through it.
 */
public final class SpreadsheetCsv {
  private static final char BOM = '\uFEFF';
  private static final String LINE_END = "\r\n";

  private final StringBuilder out = new StringBuilder().append(BOM);
  private final char separator;

  public SpreadsheetCsv(char separator) {
    this.separator = separator;
  }

  /** A file for a reader of {@code language}. */
  public static SpreadsheetCsv forLanguage(String language) {
    return new SpreadsheetCsv(separator(language));
  }

  /** Excel's separator where decimals take a comma (French) is the semicolon; elsewhere the comma. */
  public static char separator(String language) {
    return "en".equals(language) ? ',' : ';';
  }

  public SpreadsheetCsv line(List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(separator);
      }
      out.append('"').append(inert(cells.get(i)).replace("\"", "\"\"")).append('"');
    }
    out.append(LINE_END);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or return first) is kept as text. */
  public static String inert(String cell) {
    if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
      return "'" + cell;
    }
    return cell;
  }
}
