package org.jtile.frontend.cachecontrol;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;

/**
 * RFC 9110's IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}) for the Expires header of every tile
 * response: each day is formatted once and the time written as digits, where Jetty's {@code
 * DateGenerator} runs a calendar per call.
 */
final class HttpDates {
  private static final int LENGTH = 29;
  private static final int DAY_LENGTH = 17; // "Sun, 06 Nov 1994 "
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  /** A day and its text; immutable, so a reader sees both or an older entry, never half of one. */
  private record Day(long epochDay, byte[] text) {}

  /**
   * Days formatted, by epoch day modulo the table's size: Expires values of one moment span days (up to
   * the longest cache duration), which one remembered day would format again and again. Written without
   * locks: a racing writer only formats a day twice.
   */
  private static final Day[] DAYS_FORMATTED = new Day[64];

  private HttpDates() {}

  /** {@code epochSecond} (after 1970) as an HTTP date. */
  static String format(long epochSecond) {
    long epochDay = Math.floorDiv(epochSecond, 86400);
    int slot = (int) Math.floorMod(epochDay, DAYS_FORMATTED.length);
    Day day = DAYS_FORMATTED[slot];
    if (day == null || day.epochDay() != epochDay) {
      day = day(epochDay);
      DAYS_FORMATTED[slot] = day;
    }
    byte[] text = new byte[LENGTH];
    System.arraycopy(day.text(), 0, text, 0, DAY_LENGTH);
    int second = (int) Math.floorMod(epochSecond, 86400);
    twoDigits(text, 17, second / 3600);
    text[19] = ':';
    twoDigits(text, 20, second / 60 % 60);
    text[22] = ':';
    twoDigits(text, 23, second % 60);
    text[25] = ' ';
    text[26] = 'G';
    text[27] = 'M';
    text[28] = 'T';
    return new String(text, StandardCharsets.US_ASCII);
  }

  private static void twoDigits(byte[] text, int at, int value) {
    text[at] = (byte) ('0' + value / 10);
    text[at + 1] = (byte) ('0' + value % 10);
  }

  private static Day day(long epochDay) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    String text = String.format(Locale.ROOT, "%s, %02d %s %04d ", DAYS[date.getDayOfWeek().ordinal()],
        date.getDayOfMonth(), MONTHS[date.getMonthValue() - 1], date.getYear());
    return new Day(epochDay, text.getBytes(StandardCharsets.US_ASCII));
  }
}
