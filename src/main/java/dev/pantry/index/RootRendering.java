package dev.pantry.index;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Both renderings of a project list, written name by name as the names arrive: the HTML page
 * ({@code <a href="NORMALIZED/">NAME</a><br>} per project) and the PEP 691 JSON one
 * ({@code {"meta":{"api-version":"1.1"},"projects":[{"name":...},...]}}), in arrival order. A pypi.org-sized list
 * has 740,000 names; held as strings and then rendered, they were the largest part of its first request's memory.
 * Not thread-safe; {@link #finish} ends it.
 */
public final class RootRendering implements Consumer<String> {
  private final RenderBuffer html;
  private final StringBuilder part = new StringBuilder(HtmlRenderer.PART + 256);
  private final RenderBuffer json;
  private final JsonGenerator g;
  private int count;
  private boolean finished;

  /** @param expectedNames how many names are likely to come, to size the buffers */
  public RootRendering(int expectedNames) {
    int names = Math.max(0, expectedNames);
    html = RenderBuffer.kept(128 + names * 48L);
    json = RenderBuffer.kept(64 + names * 32L);
    HtmlRenderer.head(part, ApiVersion.ROOT);
    part.append("<title>Simple index</title>\n</head>\n<body>\n");
    try {
      g = JsonRenderer.FACTORY.createGenerator(json, JsonEncoding.UTF8);
      g.writeStartObject();
      g.writeObjectFieldStart("meta");
      g.writeStringField("api-version", ApiVersion.ROOT);
      g.writeEndObject();
      g.writeArrayFieldStart("projects");
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a RenderBuffer does not fail
    }
  }

  /** The whole list at once. */
  public static RootRendering of(ProjectList list) {
    RootRendering r = new RootRendering(list.names().size());
    list.names().forEach(r);
    return r;
  }

  /** Adds a project, as the upstream spelled its name. */
  @Override
  public void accept(String name) {
    if (finished) {
      throw new IllegalStateException("the rendering is finished");
    }
    part.append("<a href=\"");
    HtmlRenderer.attr(part, ProjectNames.normalize(name)).append("/\">");
    HtmlRenderer.text(part, name).append("</a><br>\n");
    if (part.length() >= HtmlRenderer.PART) {
      html.take(part);
    }
    try {
      g.writeStartObject();
      g.writeStringField("name", name);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    count++;
  }

  /** Projects added so far. */
  public int count() {
    return count;
  }

  /** Ends both renderings, each kept in the chunks it was written in. */
  public Pages finish() {
    if (finished) {
      throw new IllegalStateException("the rendering is finished");
    }
    finished = true;
    part.append("</body>\n</html>\n");
    html.take(part);
    try {
      g.writeEndArray();
      g.writeEndObject();
      g.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Pages(html.toRendering(), json.toRendering(), count);
  }

  /** The finished renderings, and how many projects they list. */
  public record Pages(Rendering html, Rendering json, int count) {}
}
