package org.nphunt.report;

/**
 * One section of the HTML report: a heading, and figures, tables and notes drawn from the
 * {@link ReportInput}. The report renders {@link ReportSections#standard()} in order, then the
 * input's own {@link ReportInput#extraSections()} (e.g. a search's fits), then the manifest; a section
 * without content is left out. A new section is a new class: nothing else changes.
 */
public interface ReportSection {
  /** HTML anchor id, unique in the page (letters, digits, dashes). */
  String id();

  /** Heading text. */
  String title();

  /** Whether the input holds anything for this section. */
  boolean hasContent(ReportInput in);

  /** Appends the section's content (after its heading) to the page. */
  void render(ReportInput in, ReportPage page);
}
