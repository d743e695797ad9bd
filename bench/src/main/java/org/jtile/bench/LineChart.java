package org.jtile.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** A PNG line chart of a few series over time, y in percent: enough for a benchmark's figure. */
final class LineChart {
  private static final Color[] COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
      new Color(0x9467BD)};
  private static final int WIDTH = 900;
  private static final int HEIGHT = 500;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private record Series(String name, double[] x, double[] y) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  LineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** A series of points, {@code y} in percent (0–100). */
  LineChart add(String name, double[] x, double[] y) {
    series.add(new Series(name, x, y));
    return this;
  }

  void write(Path file) throws IOException {
    double xMax = 1;
    for (Series s : series) {
      for (double v : s.x) {
        xMax = Math.max(xMax, v);
      }
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int plotW = WIDTH - LEFT - RIGHT;
      int plotH = HEIGHT - TOP - BOTTOM;
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int p = 0; p <= 100; p += 10) {
        int yy = TOP + plotH - p * plotH / 100;
        g.setColor(p == 50 || p == 90 ? new Color(0xBBBBBB) : new Color(0xEEEEEE));
        g.drawLine(LEFT, yy, LEFT + plotW, yy);
        g.setColor(Color.DARK_GRAY);
        g.drawString(p + " %", LEFT - 45, yy + 4);
      }
      double step = niceStep(xMax);
      for (double t = 0; t <= xMax; t += step) {
        int xx = LEFT + (int) (t / xMax * plotW);
        g.setColor(new Color(0xEEEEEE));
        g.drawLine(xx, TOP, xx, TOP + plotH);
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.valueOf((long) t), xx - 8, TOP + plotH + 18);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, plotW, plotH);
      g.drawString(xLabel, LEFT + plotW / 2 - 60, HEIGHT - 20);
      g.drawString(yLabel, 10, TOP - 12);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, LEFT, 25);
      g.setStroke(new BasicStroke(2f));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int i = 0; i < series.size(); i++) {
        Series s = series.get(i);
        g.setColor(COLORS[i % COLORS.length]);
        for (int k = 1; k < s.x.length; k++) {
          g.drawLine(LEFT + (int) (s.x[k - 1] / xMax * plotW), TOP + plotH - (int) (s.y[k - 1] / 100 * plotH),
              LEFT + (int) (s.x[k] / xMax * plotW), TOP + plotH - (int) (s.y[k] / 100 * plotH));
        }
        int ly = TOP + plotH - 20 - 20 * (series.size() - 1 - i);
        g.drawLine(LEFT + plotW - 330, ly - 4, LEFT + plotW - 305, ly - 4);
        g.drawString(s.name, LEFT + plotW - 300, ly);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static double niceStep(double max) {
    double raw = max / 8;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
