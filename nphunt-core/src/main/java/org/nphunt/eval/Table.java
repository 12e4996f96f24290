package org.nphunt.eval;

import java.util.List;

/**
 * A results table as text cells, rendered to markdown here and to HTML by the report.
 *
 * @param title heading
 * @param note one explanatory sentence under the heading (may be empty)
 * @param header column names
 * @param rows cells, each row as long as the header
 */
public record Table(String title, String note, List<String> header, List<List<String>> rows) {
  public Table {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> r : rows) {
      if (r.size() != header.size()) {
        throw new IllegalArgumentException("table '" + title + "': row has " + r.size() + " cells, header " + header.size());
      }
    }
  }

  /** GitHub-flavoured markdown with the title as a level-2 heading. */
  public String markdown() {
    StringBuilder sb = new StringBuilder("## ").append(title).append("\n\n");
    if (!note.isEmpty()) {
      sb.append(note).append("\n\n");
    }
    sb.append(row(header)).append('|');
    header.forEach(h -> sb.append("---|"));
    sb.append('\n');
    rows.forEach(r -> sb.append(row(r)));
    return sb.append('\n').toString();
  }

  private static String row(List<String> cells) {
    StringBuilder sb = new StringBuilder("|");
    cells.forEach(c -> sb.append(' ').append(c.replace("|", "\\|")).append(" |"));
    return sb.append('\n').toString();
  }
}
