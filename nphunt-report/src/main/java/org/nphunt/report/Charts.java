package org.nphunt.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's common chart style and series helpers (XChart, rendered headless to PNG). */
final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Background grey/black, then a colour-blind-safe palette (Okabe and Ito, 2008) for signals. */
  static final Color BACKGROUND = new Color(0x33, 0x33, 0x33);
  private static final Color[] PALETTE = {
    new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x72, 0xB2), new Color(0x00, 0x9E, 0x73),
    new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
    new Color(0xF0, 0xE4, 0x42), new Color(0x88, 0x88, 0x88)
  };
  static final BasicStroke SOLID = new BasicStroke(2.2f);
  static final BasicStroke DASHED = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f);
  static final BasicStroke THIN = new BasicStroke(1.0f);
  static final BasicStroke DASH_DOT = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {9f, 4f, 2f, 4f}, 0f);
  static final BasicStroke DOTTED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);

  private Charts() {}

  /**
   * The background family: the total (k = 0) in near-black, its components (k >= 1) in greys with
   * distinct dash patterns, so that backgrounds never share a hue with a signal.
   */
  private static final Color[] BACKGROUND_FAMILY = {
    BACKGROUND, new Color(0x6E, 0x6E, 0x6E), new Color(0x99, 0x99, 0x99), new Color(0x4A, 0x4A, 0x4A),
    new Color(0xB5, 0xB5, 0xB5)
  };

  static Color backgroundColor(int k) {
    return BACKGROUND_FAMILY[Math.floorMod(k, BACKGROUND_FAMILY.length)];
  }

  static BasicStroke backgroundStroke(int k) {
    return switch (Math.floorMod(k, 4)) {
      case 0 -> SOLID;
      case 1 -> DASHED;
      case 2 -> DASH_DOT;
      default -> DOTTED;
    };
  }

  static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /**
   * Colours of an ordered family of curves (the hunt's quantile-regression thresholds, loosest first): five
   * Okabe-Ito hues chosen far apart (bluish green, blue, reddish purple, vermillion, black; every pair at least
   * CIE76 Delta E 50 apart, and at least 40 from the grey of the event scatter). {@link #color} gives the
   * default five quantiles vermillion and orange, Delta E 33 apart: too alike for neighbouring curves.
   */
  private static final Color[] ORDERED = {
    new Color(0x00, 0x9E, 0x73), new Color(0x00, 0x72, 0xB2), new Color(0xCC, 0x79, 0xA7), new Color(0xD5, 0x5E, 0x00),
    new Color(0x00, 0x00, 0x00)
  };

  /** Colour of curve k of an ordered family ({@link #ORDERED}); past five they repeat, see {@link #orderedStroke}. */
  static Color ordered(int k) {
    return ORDERED[Math.floorMod(k, ORDERED.length)];
  }

  /** Stroke of curve k of an ordered family: solid for the first five, then dashed, then dash-dotted, ... */
  static BasicStroke orderedStroke(int k) {
    return switch (Math.floorMod(k / ORDERED.length, 3)) {
      case 0 -> SOLID;
      case 1 -> DASHED;
      default -> DASH_DOT;
    };
  }

  /** Number of distinct colours of {@link #ordered}. */
  static int orderedColours() {
    return ORDERED.length;
  }

  /** A chart with the report's fonts: legible when shown at 0.8-1x its pixel size. */
  static XYChart chart(int width, int height, String title, String xTitle, String yTitle) {
    XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    XYStyler s = c.getStyler();
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.DARK_GRAY);
    s.setPlotGridLinesColor(new Color(0xE2, 0xE2, 0xE2));
    s.setChartTitleBoxVisible(false);
    s.setLegendBorderColor(new Color(0xBB, 0xBB, 0xBB));
    s.setLegendPosition(LegendPosition.InsideNE);
    s.setLegendSeriesLineLength(28);
    s.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarkerSize(4);
    s.setAntiAlias(true);
    s.setChartPadding(12);
    return c;
  }

  /** A line series without markers. */
  static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
    XYSeries s = c.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineStyle(stroke);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    return s;
  }

  /**
   * A histogram drawn as a step outline. On a log y axis empty bins are drawn at {@code floor} (set the
   * axis minimum above it so they sit on the axis).
   */
  static XYSeries steps(XYChart c, String name, Histogram h, Color color, BasicStroke stroke, double floor) {
    int bins = h.fraction.length;
    // One extra point in the middle of the first bin's top: XChart puts ticks on the data's own x values
    // when they are equally spaced (bin edges are), which gives unround tick labels; this point is on
    // the drawn segment, changes nothing visible, and lets XChart choose round ticks.
    double[] x = new double[2 * bins + 1];
    double[] y = new double[2 * bins + 1];
    int n = 0;
    for (int i = 0; i < bins; i++) {
      double v = Math.max(h.fraction[i], floor);
      x[n] = h.edges[i];
      y[n++] = v;
      if (i == 0) {
        x[n] = 0.5 * (h.edges[0] + h.edges[1]);
        y[n++] = v;
      }
      x[n] = h.edges[i + 1];
      y[n++] = v;
    }
    return line(c, name, x, y, color, stroke);
  }

  /** A vertical line from y0 to y1 at x. */
  static XYSeries vertical(XYChart c, String name, double x, double y0, double y1, Color color, BasicStroke stroke) {
    return line(c, name, new double[] {x, x}, new double[] {y0, y1}, color, stroke);
  }

  static byte[] png(XYChart c) {
    try {
      return BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart " + c.getTitle(), e);
    }
  }

  /**
   * Two charts of the same width joined into one image as a physics paper draws a spectrum over its
   * residual (or ratio) panel: the top chart down to its plot area's lower border, then the bottom chart
   * from just under its plot area's upper border, so that the two plot areas share one border line with no
   * gap (the top chart's x axis, hidden or not, and the bottom chart's title area are cut off). The plot
   * areas' left edges should already agree ({@link HuntReport#alignPlotAreas}).
   *
   * @throws IllegalArgumentException when the widths differ or a plot border is not found
   */
  static java.awt.image.BufferedImage stacked(XYChart top, XYChart bottom) {
    if (top.getWidth() != bottom.getWidth()) {
      throw new IllegalArgumentException("stacked charts must have the same width, found " + top.getWidth() + " and "
          + bottom.getWidth());
    }
    java.awt.image.BufferedImage a = render(top);
    java.awt.image.BufferedImage b = render(bottom);
    int[] boxA = plotBox(a, top.getStyler().getPlotBorderColor());
    int[] boxB = plotBox(b, bottom.getStyler().getPlotBorderColor());
    if (boxA == null || boxB == null) {
      throw new IllegalArgumentException("cannot find the plot area of chart " + (boxA == null ? top : bottom).getTitle());
    }
    int keepTop = boxA[3] + 1; // rows 0..lower border of the top chart
    int skipBottom = boxB[1] + 1; // the bottom chart from the row under its upper border
    // the bottom chart's rows to keep: all from skipBottom, less the excess of a wide blank gap between its x tick
    // labels and its x axis title (alignPlotAreas pads both axis titles of one chart, the x title moves down too)
    int[] gap = titleGap(b, boxB[3], bottom.getStyler().getChartBackgroundColor());
    int cut = gap == null ? 0 : Math.max(0, gap[1] - MAX_TITLE_GAP);
    int h = keepTop + b.getHeight() - skipBottom - cut;
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(top.getWidth(), h,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    try {
      g.drawImage(a.getSubimage(0, 0, a.getWidth(), keepTop), 0, 0, null);
      if (cut == 0) {
        g.drawImage(b.getSubimage(0, skipBottom, b.getWidth(), b.getHeight() - skipBottom), 0, keepTop, null);
      } else {
        int split = gap[0] + MAX_TITLE_GAP; // keep the first MAX_TITLE_GAP blank rows, drop the next cut rows
        g.drawImage(b.getSubimage(0, skipBottom, b.getWidth(), split - skipBottom), 0, keepTop, null);
        g.drawImage(b.getSubimage(0, split + cut, b.getWidth(), b.getHeight() - split - cut), 0,
            keepTop + split - skipBottom, null);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Blank rows kept between a stacked figure's x tick labels and its x axis title. */
  static final int MAX_TITLE_GAP = 10;

  /**
   * The blank band right above the x axis title, {first row, rows}, or null when there is none below the plot
   * ({@code plotBottom}). Found from the image's bottom: its blank padding, then the title's rows, then the band
   * (every pixel the background colour) up to the tick labels.
   */
  private static int[] titleGap(java.awt.image.BufferedImage img, int plotBottom, Color background) {
    int bg = background.getRGB() & 0xFFFFFF;
    int y = img.getHeight() - 1;
    while (y > plotBottom && blankRow(img, y, bg)) {
      y--;
    }
    while (y > plotBottom && !blankRow(img, y, bg)) {
      y--;
    }
    int end = y;
    while (y > plotBottom && blankRow(img, y, bg)) {
      y--;
    }
    return end > y && y > plotBottom ? new int[] {y + 1, end - y} : null;
  }

  private static boolean blankRow(java.awt.image.BufferedImage img, int y, int bg) {
    for (int x = 0; x < img.getWidth(); x++) {
      if ((img.getRGB(x, y) & 0xFFFFFF) != bg) {
        return false;
      }
    }
    return true;
  }

  /** A chart painted into an RGB image of its size. */
  static java.awt.image.BufferedImage render(XYChart c) {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(c.getWidth(), c.getHeight(),
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    try {
      c.paint(g, c.getWidth(), c.getHeight());
    } finally {
      g.dispose();
    }
    return img;
  }

  /** The plot area's border box of a chart, {left, top, right, bottom} in pixels (see the image variant). */
  static int[] plotBox(XYChart c) {
    int[] box = plotBox(render(c), c.getStyler().getPlotBorderColor());
    if (box == null) {
      throw new IllegalArgumentException("cannot find the plot area of chart " + c.getTitle());
    }
    return box;
  }

  /**
   * The plot border's rectangle in a rendering, {left, top, right, bottom} (the pixel columns and rows of its
   * lines): the outermost columns of the border colour over at least 60% of the middle third of the
   * height (tick marks interrupt the line), then the outermost rows of that colour over at least 60% of the
   * width between them. Null when
   * not found.
   */
  static int[] plotBox(java.awt.image.BufferedImage img, Color borderColor) {
    int border = borderColor.getRGB() & 0xFFFFFF;
    int w = img.getWidth();
    int h = img.getHeight();
    int y0 = h / 3;
    int y1 = 2 * h / 3;
    int left = -1;
    int right = -1;
    for (int x = 0; x < w; x++) {
      int hits = 0;
      for (int y = y0; y < y1; y++) {
        hits += (img.getRGB(x, y) & 0xFFFFFF) == border ? 1 : 0;
      }
      if (hits > 0.6 * (y1 - y0)) {
        left = left < 0 ? x : left;
        right = x;
      }
    }
    if (left < 0 || right <= left) {
      return null;
    }
    int top = -1;
    int bottom = -1;
    for (int y = 0; y < h; y++) {
      int hits = 0;
      for (int x = left; x <= right; x++) {
        hits += (img.getRGB(x, y) & 0xFFFFFF) == border ? 1 : 0;
      }
      if (hits > 0.6 * (right - left + 1)) {
        top = top < 0 ? y : top;
        bottom = y;
      }
    }
    return top < 0 || bottom <= top ? null : new int[] {left, top, right, bottom};
  }

  /** An image as PNG bytes ({@code title} names the chart in an error). */
  static byte[] encode(java.awt.image.BufferedImage img, String title) {
    try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
      javax.imageio.ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart " + title, e);
    }
  }

  /** 10^floor(log10(x)). */
  static double decadeBelow(double x) {
    return Math.pow(10, Math.floor(Math.log10(x)));
  }

  /** The smallest "round" number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) >= x > 0. */
  static double niceCeil(double x) {
    double decade = decadeBelow(x);
    for (double m : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * decade >= x * (1 - 1e-12)) {
        return m * decade;
      }
    }
    return 10 * decade;
  }

  /** 10^ceil(log10(x)). */
  static double decadeAbove(double x) {
    return Math.pow(10, Math.ceil(Math.log10(x)));
  }

  static double[] filtered(double[] values, int[] keep, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[keep[i]];
    }
    return out;
  }

  static double quantile(double[] values, double q) {
    double[] c = values.clone();
    Arrays.sort(c);
    return c[(int) Math.min(c.length - 1, Math.max(0, Math.floor(q * c.length)))];
  }
}
