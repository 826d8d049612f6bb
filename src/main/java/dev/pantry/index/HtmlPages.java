package dev.pantry.index;

import dev.pantry.index.DistFile.CoreMetadata;
import dev.pantry.index.Links.Link;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map.Entry;
import java.util.Map;
import java.util.function.Consumer;
import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PEP 503 HTML pages (with the PEP 592, 658, 708 and 714 additions), parsed leniently with jsoup. */
final class HtmlPages {

  private static final Logger LOG = LoggerFactory.getLogger(HtmlPages.class);

  /** A NUL this early means a binary body (a gzip stream the upstream forgot to label, an image, a wheel). */
  private static final int BINARY_SNIFF_BYTES = 8192;

  private HtmlPages() {}

  /**
   * A project page, streamed like the project list: a 30,000-link page as a whole DOM was most of what its first
   * request allocated. Each anchor is read into a small record and leaves the tree; the links are resolved at the end,
   * against the first {@code <base href>} wherever it stood, as HTML specifies.
   */
  static ParseResult<ProjectPage> project(byte[] body, Charset charset, URI pageUrl, String name) {
    String notHtml = notHtmlReason(body, charset);
    if (notHtml != null) {
      return new ParseResult.Malformed<>(notHtml);
    }
    List<Element> metas = new ArrayList<>();
    List<Anchor> anchors = new ArrayList<>();
    List<String> baseHrefs = new ArrayList<>();
    stream(body, charset, el -> {
      switch (el.normalName()) {
        case "meta" -> metas.add(el);
        case "base" -> {
          if (el.hasAttr("href")) {
            baseHrefs.add(el.attr("href"));
          }
        }
        case "a" -> {
          if (el.hasAttr("href")) {
            anchors.add(new Anchor(el.attr("href"), text(el), el.attributes()));
          }
        }
        default -> { }
      }
    });
    Head head = head(metas);
    if (head.badVersion != null) {
      return new ParseResult.Malformed<>(head.badVersion);
    }
    URI base = baseUri(baseHrefs.isEmpty() ? null : baseHrefs.get(0), Links.base(pageUrl));
    List<DistFile> files = new ArrayList<>(anchors.size());
    int badFilename = 0;
    LinkResolver resolver = new LinkResolver(base);
    for (Anchor a : anchors) {
      Link link = resolver.resolve(a.href());
      if (link == null) {
        continue;
      }
      String filename = a.text().isEmpty() ? Links.lastSegment(link.uri()) : a.text();
      if (!ProjectNames.isValidFilename(filename)) {
        badFilename++;
        continue;
      }
      files.add(file(a.attributes(), filename, link));
    }
    logSkipped(name, anchors.size(), files.size(), badFilename);
    return new ParseResult.Parsed<>(
        new ProjectPage(name, files, List.of(), head.tracks, head.alternateLocations, null,
            ProjectStatus.of(head.status, head.statusReason)));
  }

  /** An anchor as read: its href, its text (stripped) and its attributes, without its place in the tree. */
  private record Anchor(String href, String text, Attributes attributes) {}

  /**
   * The project list, streamed: a pypi.org-sized list has 740,000 anchors, and as a whole DOM it took most of the
   * memory its request needed. Each anchor (and the line break and blank text beside it) leaves the tree once read;
   * being the last child at that moment, its removal costs nothing.
   */
  static ParseResult<Integer> root(byte[] body, Charset charset, Consumer<String> sink) {
    String notHtml = notHtmlReason(body, charset);
    if (notHtml != null) {
      return new ParseResult.Malformed<>(notHtml);
    }
    List<Element> metas = new ArrayList<>();
    int[] anchors = {0};
    int[] names = {0};
    stream(body, charset, el -> {
      switch (el.normalName()) {
        case "meta" -> metas.add(el);
        case "a" -> {
          anchors[0]++;
          String name = text(el);
          if (name.isEmpty() && el.hasAttr("href")) {
            name = Links.lastSegment(el.attr("href"));
          }
          if (ProjectNames.isValid(name)) {
            sink.accept(name);
            names[0]++;
          }
        }
        default -> { }
      }
    });
    Head head = head(metas);
    if (head.badVersion != null) {
      return new ParseResult.Malformed<>(head.badVersion);
    }
    if (names[0] < anchors[0]) {
      LOG.debug("Root page: skipped {} of {} links without a valid project name", anchors[0] - names[0], anchors[0]);
    }
    return new ParseResult.Parsed<>(names[0]);
  }

  /** An anchor's text, stripped; its one text node's without walking the tree, as nearly every anchor has. */
  private static String text(Element a) {
    if (a.childNodeSize() == 1 && a.childNode(0) instanceof TextNode t) {
      // The text as parsed, when normalising and stripping would not change it (a name or a filename never has
      // whitespace): normalising copied every anchor's text, 70 MB for a 740,000-project list.
      String raw = t.getWholeText();
      return plain(raw) ? raw : t.text().strip();
    }
    return a.text().strip();
  }

  /** Whether {@code s} has none of the characters jsoup's text normalisation or {@link String#strip} change. */
  static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '\u00a0' || c == '\u00ad' || c == '\u200b' || Character.isWhitespace(c)) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * Streams the page, handing {@code visit} each element once it is complete; anchors and line breaks then leave the
   * tree, so a page of any length holds only what {@code visit} keeps.
   */
  private static void stream(byte[] body, Charset charset, Consumer<Element> visit) {
    try (StreamParser stream = new StreamParser(Parser.htmlParser()).parse(reader(body, charset), "")) {
      Iterator<Element> it = stream.iterator();
      while (it.hasNext()) {
        Element el = it.next();
        visit.accept(el);
        if (el.normalName().equals("a") || el.normalName().equals("br")) {
          drop(el);
        }
      }
    }
  }

  /** Removes a read element, and blank text just before it, from the streamed tree. */
  private static void drop(Element el) {
    if (el.previousSibling() instanceof TextNode t && t.isBlank()) {
      t.remove();
    }
    el.remove();
  }

  private static DistFile file(Attributes a, String filename, Link link) {
    String requiresPython = a.get("data-requires-python").strip();
    String yanked = a.hasKey("data-yanked") ? a.get("data-yanked") : null;
    String metadata = a.hasKey("data-core-metadata") ? a.get("data-core-metadata")
        : a.hasKey("data-dist-info-metadata") ? a.get("data-dist-info-metadata") : null;
    return new DistFile(filename, link.url(), link.hashes(), requiresPython.isEmpty() ? null : requiresPython, yanked,
        coreMetadata(metadata), bool(a.get("data-gpg-sig")), null, null,
        Links.provenance(a.hasKey("data-provenance") ? a.get("data-provenance") : null));
  }

  /**
   * PEP 658/714: {@code "true"} means available without a hash, {@code "name=hex"} available with one, {@code "false"}
   * or absent not available. Any other value still announces the file, as pip reads it, but without a hash.
   */
  private static @Nullable CoreMetadata coreMetadata(@Nullable String value) {
    if (value == null || value.strip().equalsIgnoreCase("false")) {
      return null;
    }
    Entry<String, String> pair = Hashes.parsePair(value.strip());
    return new CoreMetadata(pair == null ? Map.of() : Map.of(pair.getKey(), pair.getValue()));
  }

  private static @Nullable Boolean bool(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null;
  }

  /** The body as characters, decoded as the parser reads it: a 35 MB list needs no second copy as a String. */
  private static Reader reader(byte[] body, Charset charset) {
    int start = charset.equals(StandardCharsets.UTF_8) && hasUtf8Bom(body) ? 3 : 0;
    return new InputStreamReader(new ByteArrayInputStream(body, start, body.length - start), charset);
  }

  /** The first {@code <base href>} (as HTML specifies) resolved against the page URL, else the page URL. */
  private static URI baseUri(@Nullable String baseHref, URI pageBase) {
    if (baseHref == null) {
      return pageBase;
    }
    Link link = Links.resolve(pageBase, baseHref);
    return link == null ? pageBase : Links.base(link.uri());
  }

  /** What the page's {@code <meta>} elements say: PEP 629 version, PEP 708 locations, PEP 792 status. */
  private record Head(@Nullable String badVersion, List<String> tracks, List<String> alternateLocations,
      @Nullable String status, @Nullable String statusReason) {}

  private static Head head(List<Element> metaElements) {
    String badVersion = null;
    List<String> tracks = new ArrayList<>();
    List<String> alternates = new ArrayList<>();
    String status = null;
    String statusReason = null;
    for (Element meta : metaElements) {
      String content = meta.attr("content").strip();
      switch (meta.attr("name").strip().toLowerCase(Locale.ROOT)) {
        case "pypi:repository-version" -> {
          // Lenient like the rest of HTML: only a readable major version other than 1 is refused.
          Integer major = ApiVersion.major(content);
          if (major != null && major != 1) {
            badVersion = "unsupported repository version " + ApiVersion.describe(content);
          }
        }
        case "pypi:tracks" -> tracks.add(content);
        case "pypi:alternate-locations" -> alternates.add(content);
        case "pypi:project-status" -> status = content;
        case "pypi:project-status-reason" -> statusReason = content;
        default -> { }
      }
    }
    return new Head(badVersion, tracks, alternates, status, statusReason);
  }

  /**
   * Why {@code body} cannot be an HTML page, or null. jsoup makes a document of anything, so without this a JSON
   * error body or a compressed stream would parse as an empty project.
   */
  private static @Nullable String notHtmlReason(byte[] body, Charset charset) {
    int i = hasUtf8Bom(body) ? 3 : 0;
    while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
      i++;
    }
    if (i == body.length) {
      return "empty page body";
    }
    if (body[i] == '{' || body[i] == '[') {
      return "page body is JSON, not HTML";
    }
    String cs = charset.name().toUpperCase(Locale.ROOT);
    if (!cs.startsWith("UTF-16") && !cs.startsWith("UTF-32")) {
      int end = Math.min(body.length, BINARY_SNIFF_BYTES);
      for (int j = 0; j < end; j++) {
        if (body[j] == 0) {
          return "page body is binary, not HTML";
        }
      }
    }
    return null;
  }

  private static boolean hasUtf8Bom(byte[] body) {
    return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
  }

  private static void logSkipped(String name, int anchors, int kept, int badFilename) {
    if (badFilename > 0) {
      LOG.warn("Project {}: skipped {} links whose filename is unsafe", name, badFilename);
    }
    if (anchors - kept - badFilename > 0) {
      LOG.debug("Project {}: skipped {} links that are not http(s) file links", name, anchors - kept - badFilename);
    }
  }
}
