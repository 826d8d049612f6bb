package dev.pantry.index;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Parses upstream simple-API pages into the model. The content type picks the format: a media type of
 * {@code application/json} or any {@code +json} type (PEP 691's {@code application/vnd.pypi.simple.v1+json} among
 * them) is JSON; anything else, or none, is PEP 503 HTML.
 *
 * <p>Both parsers never throw for bad input: an unusable page is {@link ParseResult.Malformed}, a single unusable link
 * is skipped. Thread-safe and stateless.
 */
public final class PageParser {

  private PageParser() {}

  /**
   * Parses a project page.
   *
   * <p>File URLs are made absolute against {@code pageUrl} (and an HTML {@code <base href>}), lose their fragment (a
   * {@code #name=hex} fragment becomes a hash), and must be http or https: other links ({@code javascript:},
   * {@code file:}, {@code data:}, links to the page itself) are skipped, as are files whose name fails
   * {@link ProjectNames#isValidFilename}. HTML carries no sizes, upload times, versions or serial; those stay empty.
   *
   * @param body           the response body as received
   * @param contentType    the response's {@code Content-Type}, or null
   * @param pageUrl        the page's final URL after redirects, which relative links resolve against
   * @param normalizedName the project's normalized name, used as the page's name whatever the body says
   */
  public static ParseResult<ProjectPage> parseProject(
      byte[] body, @Nullable String contentType, URI pageUrl, String normalizedName) {
    return isJson(contentType)
        ? JsonPages.project(body, pageUrl, normalizedName)
        : HtmlPages.project(body, charset(contentType), pageUrl, normalizedName);
  }

  /**
   * Parses the root page: HTML anchor texts (or, when a text is empty, the last path segment of the href), or JSON
   * {@code projects[].name}. Names that are not valid PEP 508 names are skipped.
   */
  public static ParseResult<ProjectList> parseRoot(byte[] body, @Nullable String contentType) {
    List<String> names = new ArrayList<>();
    ParseResult<Integer> parsed = parseRoot(body, contentType, names::add);
    return parsed instanceof ParseResult.Malformed<Integer> m
        ? new ParseResult.Malformed<>(m.reason()) : new ParseResult.Parsed<>(new ProjectList(names));
  }

  /**
   * Parses the root page as {@link #parseRoot(byte[], String)} does, handing each valid name to {@code names} as it
   * is read, so that a pypi.org-sized list is never held whole. A page found malformed part-way may have handed some
   * names already: the caller drops what it made of them.
   *
   * @return how many names were handed on
   */
  public static ParseResult<Integer> parseRoot(byte[] body, @Nullable String contentType, Consumer<String> names) {
    return isJson(contentType) ? JsonPages.root(body, names) : HtmlPages.root(body, charset(contentType), names);
  }

  static boolean isJson(@Nullable String contentType) {
    String type = mediaType(contentType);
    return type.equals("application/json") || type.endsWith("+json");
  }

  /** The {@code charset} parameter when it names a charset this JVM has, else UTF-8. */
  static Charset charset(@Nullable String contentType) {
    if (contentType == null) {
      return StandardCharsets.UTF_8;
    }
    String[] parts = contentType.split(";", 20);
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].strip();
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String name = param.substring(eq + 1).strip().replace("\"", "");
        try {
          return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String mediaType(@Nullable String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }
}
