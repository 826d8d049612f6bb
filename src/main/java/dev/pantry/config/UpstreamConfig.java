package dev.pantry.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One upstream index.
 *
 * @param id          a short stable identity, stored with every cached row so several upstreams can share one cache
 * @param indexUrl    the simple index URL, ending in '/', e.g. {@code https://pypi.org/simple/}
 * @param credentials what to send to the index URL's origin (scheme, host and port), and to no other origin
 * @param fileHosts   the hosts its file links and their redirects may reach besides its own: names, or {@code
 *                    *.example.com} for any name under {@code example.com}; empty for any host (the address rules
 *                    apply either way: no private address for a public upstream, never a link-local one)
 * @param options     routing rules, minimum file age, and settings of its own
 */
public record UpstreamConfig(String id, URI indexUrl, Credentials credentials, List<String> fileHosts,
    UpstreamOptions options) {

  /** An upstream with the default file hosts: {@code files.pythonhosted.org} for pypi.org, else any. */
  public UpstreamConfig(String id, URI indexUrl, Credentials credentials) {
    this(id, indexUrl, credentials, defaultFileHosts(indexUrl));
  }

  /** An upstream with the mirror-wide settings and no routing rules. */
  public UpstreamConfig(String id, URI indexUrl, Credentials credentials, List<String> fileHosts) {
    this(id, indexUrl, credentials, fileHosts, UpstreamOptions.NONE);
  }

  public UpstreamConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(indexUrl, "indexUrl");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(options, "options");
    if (!id.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      throw new IllegalArgumentException("upstream id must be lowercase letters, digits and '-': '" + id + "'");
    }
    String scheme = indexUrl.getScheme() == null ? "" : indexUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || indexUrl.getHost() == null) {
      throw new IllegalArgumentException("upstream URL must be an absolute http(s) URL: " + Origin.redact(indexUrl));
    }
    if (indexUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "put upstream credentials in the environment or a password file, not in the URL: " + Origin.redact(indexUrl));
    }
    if (!indexUrl.getPath().endsWith("/")) {
      indexUrl = URI.create(indexUrl + "/");
    }
    fileHosts = fileHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    for (String h : fileHosts) {
      if (!h.matches("(\\*|\\*\\.[a-z0-9.-]+|[a-z0-9.-]+|\\[[0-9a-f:.]+\\])")) {
        throw new IllegalArgumentException("upstream." + id + ".file-hosts: '" + h + "' is not a host name, "
            + "*.domain or *");
      }
    }
  }

  /** What {@code fileHosts} is when not set: pypi.org's files are on files.pythonhosted.org, nothing else. */
  public static List<String> defaultFileHosts(URI indexUrl) {
    return "pypi.org".equalsIgnoreCase(indexUrl.getHost()) ? List.of("files.pythonhosted.org") : List.of();
  }

  /** Whether a file link or one of its redirects may go to {@code host}. */
  public boolean allowsFileHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (fileHosts.isEmpty() || h.equalsIgnoreCase(indexUrl.getHost())) {
      return true;
    }
    for (String pattern : fileHosts) {
      if (pattern.equals("*") || pattern.equals(h) || pattern.startsWith("*.") && h.endsWith(pattern.substring(1))) {
        return true;
      }
    }
    return false;
  }

  /** The origin credentials belong to. */
  public Origin origin() {
    return Origin.of(indexUrl);
  }
}
