package dev.pantry.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Renders simple-API pages the way a real index does: PEP 503/592/658/714 HTML and PEP 691/700 JSON. */
final class SimplePages {

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter UPLOAD_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private SimplePages() {}

  /** The root page listing projects, linked relatively as {@code <name>/}. */
  static byte[] root(PageFormat format, Collection<String> projects) {
    return format.isJson() ? rootJson(projects) : rootHtml(projects);
  }

  /**
   * A project page.
   *
   * @param fileUrl where each wheel is downloaded, without fragment; absolute or relative to the page
   */
  static byte[] project(
      PageFormat format, String project, List<Catalog.Listed> files, Function<Wheel, String> fileUrl) {
    return format.isJson() ? projectJson(project, files, fileUrl) : projectHtml(project, files, fileUrl);
  }

  private static byte[] rootHtml(Collection<String> projects) {
    StringBuilder sb = new StringBuilder(head("Simple index"));
    for (String p : projects) {
      sb.append("<a href=\"").append(escape(p)).append("/\">").append(escape(p)).append("</a><br/>\n");
    }
    return sb.append("</body>\n</html>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] projectHtml(String project, List<Catalog.Listed> files, Function<Wheel, String> fileUrl) {
    StringBuilder sb = new StringBuilder(head("Links for " + project));
    sb.append("<h1>Links for ").append(escape(project)).append("</h1>\n");
    for (Catalog.Listed f : files) {
      Wheel w = f.wheel();
      sb.append("<a href=\"").append(escape(fileUrl.apply(w) + "#sha256=" + w.sha256())).append('"');
      String python = w.requiresPython();
      if (python != null) {
        sb.append(" data-requires-python=\"").append(escape(python)).append('"');
      }
      String meta = "sha256=" + w.metadataSha256();
      sb.append(" data-dist-info-metadata=\"").append(meta).append('"');
      sb.append(" data-core-metadata=\"").append(meta).append('"');
      if (f.yankedReason() != null) {
        sb.append(" data-yanked=\"").append(escape(f.yankedReason())).append('"');
      }
      sb.append('>').append(escape(w.filename())).append("</a><br/>\n");
    }
    return sb.append("</body>\n</html>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String head(String title) {
    return "<!DOCTYPE html>\n<html>\n<head>\n<meta name=\"pypi:repository-version\" content=\"1.1\">\n<title>"
        + escape(title) + "</title>\n</head>\n<body>\n";
  }

  private static byte[] rootJson(Collection<String> projects) {
    return json(g -> {
      g.writeStartObject();
      meta(g);
      g.writeArrayFieldStart("projects");
      for (String p : projects) {
        g.writeStartObject();
        g.writeStringField("name", p);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static byte[] projectJson(String project, List<Catalog.Listed> files, Function<Wheel, String> fileUrl) {
    return json(g -> {
      g.writeStartObject();
      meta(g);
      g.writeStringField("name", project);
      g.writeArrayFieldStart("files");
      for (Catalog.Listed f : files) {
        fileJson(g, f, fileUrl.apply(f.wheel()));
      }
      g.writeEndArray();
      Set<String> versions = new LinkedHashSet<>();
      files.forEach(f -> versions.add(f.wheel().version()));
      g.writeArrayFieldStart("versions");
      for (String v : versions) {
        g.writeString(v);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void fileJson(JsonGenerator g, Catalog.Listed f, String url) throws IOException {
    Wheel w = f.wheel();
    g.writeStartObject();
    g.writeStringField("filename", w.filename());
    g.writeStringField("url", url);
    g.writeObjectFieldStart("hashes");
    g.writeStringField("sha256", w.sha256());
    g.writeEndObject();
    String python = w.requiresPython();
    if (python != null) {
      g.writeStringField("requires-python", python);
    }
    for (String key : List.of("core-metadata", "dist-info-metadata")) {
      g.writeObjectFieldStart(key);
      g.writeStringField("sha256", w.metadataSha256());
      g.writeEndObject();
    }
    String yanked = f.yankedReason();
    if (yanked == null) {
      g.writeBooleanField("yanked", false);
    } else if (yanked.isEmpty()) {
      g.writeBooleanField("yanked", true);
    } else {
      g.writeStringField("yanked", yanked);
    }
    g.writeNumberField("size", w.size());
    g.writeStringField("upload-time", UPLOAD_TIME.format(f.uploaded()));
    g.writeEndObject();
  }

  private static void meta(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("meta");
    g.writeStringField("api-version", "1.1");
    g.writeEndObject();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** HTML escaping for text and double-quoted attributes. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
