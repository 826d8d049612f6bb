package dev.pantry.ui;

import dev.pantry.error.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpURI;
import org.jspecify.annotations.Nullable;

/**
 * Copy-paste client configuration for this mirror's index URL: pip, uv, poetry and CI. Plain {@code http} to a host
 * other than loopback also gets pip's {@code trusted-host}, which pip demands before it uses such an index.
 */
final class SetupSnippets {
  private static final int MAX_URL = 2048;

  /** One ready-to-paste piece of configuration. */
  record Snippet(String id, String title, String language, String text) {}

  /** Where the snippets point and the snippets themselves. */
  record Setup(String indexUrl, @Nullable String trustedHost, List<Snippet> snippets) {}

  /** An index URL, or why a given one is refused. */
  sealed interface Parsed {
    record Ok(URI index) implements Parsed {}

    record Bad(Problem problem) implements Parsed {}
  }

  private SetupSnippets() {}

  /** The index as the request reached this server: its scheme and Host, path {@code /simple/}. */
  static URI fromRequest(HttpURI uri) {
    String host = uri.getHost();
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort = uri.getPort() <= 0 || scheme.equals("http") && uri.getPort() == 80
        || scheme.equals("https") && uri.getPort() == 443;
    return URI.create(scheme + "://" + host + (defaultPort ? "" : ":" + uri.getPort()) + "/simple/");
  }

  /**
   * An index URL the UI computed from the address bar (right behind a proxy that rewrites scheme, host or path):
   * absolute http(s), no user info, query or fragment, path ending in {@code /simple/}.
   */
  static Parsed parse(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (value.length() <= MAX_URL && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
          && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
          && uri.getRawPath() != null && uri.getRawPath().endsWith("/simple/")) {
        return new Parsed.Ok(uri);
      }
    } catch (URISyntaxException e) {
      // Falls through to the refusal below.
    }
    return new Parsed.Bad(Problem.of(Problem.Kind.BAD_REQUEST,
        "index must be an absolute http(s) URL ending in /simple/, without user info, query or fragment"));
  }

  static Setup forIndex(URI index) {
    String url = index.toString();
    String host = index.getHost();
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
        || host.equals("::1");
    String trusted = index.getScheme().equalsIgnoreCase("http") && !loopback ? host : null;
    String pipFlag = trusted == null ? "" : " --trusted-host " + trusted;
    String pipConf = "[global]\nindex-url = " + url + "\n" + (trusted == null ? "" : "trusted-host = " + trusted + "\n");
    return new Setup(url, trusted, List.of(
        new Snippet("pip-install", "pip, once", "sh", "pip install --index-url " + url + pipFlag + " PACKAGE"),
        new Snippet("pip-conf", "pip.conf (~/.config/pip/pip.conf, or /etc/pip.conf)", "ini", pipConf),
        new Snippet("pip-env", "CI: environment", "sh", "export PIP_INDEX_URL=" + url
            + (trusted == null ? "" : "\nexport PIP_TRUSTED_HOST=" + trusted) + "\nexport UV_INDEX_URL=" + url),
        new Snippet("uv-env", "uv, once", "sh", "UV_INDEX_URL=" + url + " uv pip install PACKAGE"),
        new Snippet("uv-toml", "uv: pyproject.toml", "toml",
            "[[tool.uv.index]]\nname = \"pantry\"\nurl = \"" + url + "\"\ndefault = true\n"),
        // --priority arrived in poetry 1.5 and --default, its predecessor, is gone from 2.0: one form each.
        new Snippet("poetry", "poetry 1.5 and later", "sh", "poetry source add --priority=primary pantry " + url),
        new Snippet("poetry-legacy", "poetry 1.2 to 1.4", "sh", "poetry source add --default pantry " + url)));
  }
}
