package org.jtile.mapnik;

/**
 * mod_tile's "language" style parameterisation: the options {@code en,de,_} of a request become the
 * column expression {@code , coalesce(tags->'name:en',tags->'name:de',name) as name}, which replaces
 * the first {@code ,name} in every layer's SQL table ({@code _} is the plain name).
 */
final class Language {
  private Language() {}

  /** The replacement for {@code ,name}, or "" when the options name no language. */
  public static String nameColumn(String options) {
    StringBuilder columns = new StringBuilder();
    for (String language : options.split(",")) {
      if (language.isEmpty()) {
        continue;
      }
      if (columns.length() > 0) {
        columns.append(',');
      }
      if (language.equals("_")) {
        columns.append("name");
      } else {
        columns.append("tags->'name:").append(language.replace("'", "''")).append('\'');
      }
    }
    return columns.length() == 0 ? "" : ", coalesce(" + columns + ") as name";
  }
}
