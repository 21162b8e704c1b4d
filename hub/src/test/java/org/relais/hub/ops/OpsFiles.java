package org.relais.hub.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The shipped files under the repository's {@code ops/} directory, and the metric names their queries read. */
final class OpsFiles {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING = Pattern.compile(
      "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\w+");
  private static final Pattern NAME = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left",
      "group_right", "inf", "nan");

  private OpsFiles() {}

  /** The repository's {@code ops/} directory, found from the module the tests run in. */
  static Path dir() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isDirectory(at.resolve("ops/prometheus"))) {
        return at.resolve("ops");
      }
    }
    throw new IllegalStateException("no ops/prometheus above " + Path.of("").toAbsolutePath());
  }

  static Path file(String relative) {
    return dir().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The metric names a PromQL expression reads (not its functions, labels, keywords or variables). */
  static Set<String> metricNames(String expression) {
    String bare = VARIABLE.matcher(GROUPING.matcher(RANGE.matcher(MATCHERS.matcher(STRING.matcher(expression)
        .replaceAll("")).replaceAll("")).replaceAll("")).replaceAll("")).replaceAll("");
    Set<String> names = new TreeSet<>();
    Matcher matcher = NAME.matcher(bare);
    while (matcher.find()) {
      if (!KEYWORDS.contains(matcher.group(1).toLowerCase())) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  /** The rules of a Prometheus rule file: each a map with {@code expr} and {@code record} or {@code alert}. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rules(String relative) {
    Map<String, Object> file = new Yaml().load(read(relative));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }
}
