package dev.pantry.index;

import dev.pantry.index.DistFile.CoreMetadata;
import java.util.Map.Entry;
import org.jspecify.annotations.Nullable;

/**
 * Renders the model as PEP 503 HTML5 (with PEP 592 yanking, PEP 658/714 metadata and PEP 708 meta tags), UTF-8.
 * Written by hand with a StringBuilder because a 30,000-file page must render in milliseconds; every value passes
 * through {@link #attr} or {@link #text}, so upstream data cannot inject markup. Output is deterministic: the same
 * model gives the same bytes, which keeps ETags stable.
 */
public final class HtmlRenderer {

  private static final String DOCTYPE = "<!DOCTYPE html>\n<html>\n<head>\n";

  /** A typical PyPI link with hashes and metadata runs to about 300 characters. */
  private static final int BYTES_PER_FILE = 320;
  /** Text is built in parts of about this many characters, each moved into the page's buffer as bytes. */
  static final int PART = 64 * 1024;

  private HtmlRenderer() {}

  /**
   * A project page: one {@code <a>} per file, in model order. The href carries the file's sha256 (else its strongest
   * other hash: sha512, sha384, sha224, sha1, md5, then by name) as a {@code #name=hex} fragment, replacing any
   * fragment the URL had; {@code data-yanked} is bare when the reason is empty; {@code data-core-metadata} and its
   * legacy twin {@code data-dist-info-metadata} are {@code name=hex} or {@code true}; attributes with a null value are
   * left out. Tracks and alternate locations become PEP 708 {@code <meta>} tags, a PEP 792 status {@code
   * pypi:project-status} (and {@code pypi:project-status-reason}), and PEP 740 provenance {@code data-provenance}.
   */
  public static byte[] renderProject(ProjectPage page) {
    RenderBuffer buffer = new RenderBuffer(256 + page.files().size() * BYTES_PER_FILE);
    StringBuilder out = new StringBuilder(PART);
    head(out, ApiVersion.of(page));
    for (String url : page.tracks()) {
      out.append("<meta name=\"pypi:tracks\" content=\"");
      attr(out, url).append("\">\n");
    }
    for (String url : page.alternateLocations()) {
      out.append("<meta name=\"pypi:alternate-locations\" content=\"");
      attr(out, url).append("\">\n");
    }
    ProjectStatus status = page.status();
    if (status != null) {
      out.append("<meta name=\"pypi:project-status\" content=\"");
      attr(out, status.status()).append("\">\n");
      if (status.reason() != null) {
        out.append("<meta name=\"pypi:project-status-reason\" content=\"");
        attr(out, status.reason()).append("\">\n");
      }
    }
    out.append("<title>Links for ");
    text(out, page.name()).append("</title>\n</head>\n<body>\n<h1>Links for ");
    text(out, page.name()).append("</h1>\n");
    for (DistFile file : page.files()) {
      link(out, file);
      if (out.length() >= PART) {
        buffer.take(out);
      }
    }
    out.append("</body>\n</html>\n");
    buffer.take(out);
    return buffer.toByteArray();
  }

  static void head(StringBuilder out, String apiVersion) {
    out.append(DOCTYPE).append("<meta name=\"pypi:repository-version\" content=\"").append(apiVersion)
        .append("\">\n");
  }

  private static void link(StringBuilder out, DistFile file) {
    out.append("<a href=\"");
    String url = file.url();
    int fragment = url.indexOf('#');
    attr(out, fragment < 0 ? url : url.substring(0, fragment)); // the fragment is ours to write
    Entry<String, String> hash = Hashes.preferred(file.hashes());
    if (hash != null) {
      out.append('#');
      attr(out, hash.getKey()).append('=');
      attr(out, hash.getValue());
    }
    out.append('"');
    optional(out, "data-requires-python", file.requiresPython());
    String yanked = file.yanked();
    if (yanked != null) {
      out.append(" data-yanked");
      if (!yanked.isEmpty()) {
        out.append("=\"");
        attr(out, yanked).append('"');
      }
    }
    String metadata = metadata(file.coreMetadata());
    optional(out, "data-core-metadata", metadata);
    optional(out, "data-dist-info-metadata", metadata);
    optional(out, "data-gpg-sig", file.gpgSig() == null ? null : file.gpgSig().toString());
    optional(out, "data-provenance", file.provenance());
    out.append('>');
    text(out, file.filename()).append("</a><br>\n");
  }

  private static @Nullable String metadata(@Nullable CoreMetadata metadata) {
    if (metadata == null) {
      return null;
    }
    Entry<String, String> hash = Hashes.preferred(metadata.hashes());
    return hash == null ? "true" : hash.getKey() + "=" + hash.getValue();
  }

  private static void optional(StringBuilder out, String name, @Nullable String value) {
    if (value != null) {
      out.append(' ').append(name).append("=\"");
      attr(out, value).append('"');
    }
  }

  /** Escapes for a double-quoted attribute value: {@code & < > " '}. */
  static StringBuilder attr(StringBuilder out, String s) {
    return escape(out, s, true);
  }

  /** Escapes for text content: {@code & < >}. */
  static StringBuilder text(StringBuilder out, String s) {
    return escape(out, s, false);
  }

  private static StringBuilder escape(StringBuilder out, String s, boolean quotes) {
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      String entity = switch (s.charAt(i)) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> quotes ? "&quot;" : null;
        case '\'' -> quotes ? "&#39;" : null;
        default -> null;
      };
      if (entity != null) {
        out.append(s, start, i).append(entity);
        start = i + 1;
      }
    }
    return out.append(s, start, s.length());
  }
}
