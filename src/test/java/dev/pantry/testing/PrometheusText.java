package dev.pantry.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests that scrape {@code /metrics}:
 * every line must be a HELP, a TYPE or a sample of a family declared by an earlier TYPE line, else parsing fails.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
  private static final List<String> SUFFIXES = List.of("", "_total", "_created", "_bucket", "_count", "_sum");

  private final Map<String, String> types;
  private final List<Sample> samples;

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private PrometheusText(Map<String, String> types, List<Sample> samples) {
    this.types = types;
    this.samples = samples;
  }

  /** Parses a scrape; throws IllegalArgumentException naming the first bad line. */
  public static PrometheusText parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] p = line.substring(7).split(" ");
        if (p.length != 2 || !NAME.matcher(p[0]).matches()
            || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(p[1])) {
          throw new IllegalArgumentException("bad TYPE line: " + line);
        }
        types.put(p[0], p[1]);
      } else if (line.startsWith("# HELP ")) {
        if (!NAME.matcher(line.substring(7).split(" ", 2)[0]).matches()) {
          throw new IllegalArgumentException("bad HELP line: " + line);
        }
      } else if (line.startsWith("#")) {
        continue;
      } else {
        samples.add(sample(line, types));
      }
    }
    return new PrometheusText(Collections.unmodifiableMap(types), List.copyOf(samples));
  }

  private static Sample sample(String line, Map<String, String> types) {
    Matcher m = SAMPLE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad sample line: " + line);
    }
    String name = m.group(1);
    if (family(name, types) == null) {
      throw new IllegalArgumentException("sample of an undeclared family: " + line);
    }
    Map<String, String> labels = new TreeMap<>();
    if (m.group(3) != null) {
      Matcher l = LABEL.matcher(m.group(3));
      int at = 0;
      while (at < m.group(3).length()) {
        if (!l.find(at) || l.start() != at) {
          throw new IllegalArgumentException("bad labels: " + line);
        }
        labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
        at = l.end();
      }
    }
    return new Sample(name, labels, value(m.group(4), line));
  }

  private static double value(String v, String line) {
    switch (v) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad value in: " + line);
        }
    }
  }

  private static @Nullable String family(String sample, Map<String, String> types) {
    for (String suffix : SUFFIXES) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return null;
  }

  /** The declared type of a family ({@code counter}, {@code gauge}, ...), or null. */
  public @Nullable String type(String family) {
    return types.get(family);
  }

  public List<Sample> samples() {
    return samples;
  }

  /**
   * The sum of the samples named {@code name} whose labels include all of {@code labels} (given as name, value
   * pairs); 0 when none match.
   */
  public double sum(String name, String... labels) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && matches(s.labels(), labels)) {
        total += s.value();
      }
    }
    return total;
  }

  /** Whether any sample named {@code name} has all of {@code labels}. */
  public boolean has(String name, String... labels) {
    return samples.stream().anyMatch(s -> s.name().equals(name) && matches(s.labels(), labels));
  }

  private static boolean matches(Map<String, String> actual, String... pairs) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (!pairs[i + 1].equals(actual.get(pairs[i]))) {
        return false;
      }
    }
    return true;
  }
}
