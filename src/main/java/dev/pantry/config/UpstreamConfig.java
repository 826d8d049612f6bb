package dev.pantry.config;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One upstream index.
 *
 * @param id          a short stable identity, stored with every cached row so several upstreams can share one cache
 * @param indexUrl    the simple index URL, ending in '/', e.g. {@code https://pypi.org/simple/}
 * @param credentials what to send to the index URL's origin (scheme, host and port), and to no other origin
 */
public record UpstreamConfig(String id, URI indexUrl, Credentials credentials) {

  public UpstreamConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(indexUrl, "indexUrl");
    Objects.requireNonNull(credentials, "credentials");
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
  }

  /** The origin credentials belong to. */
  public Origin origin() {
    return Origin.of(indexUrl);
  }
}
