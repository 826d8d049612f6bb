package dev.pantry.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The upstreams: {@code upstreams = a, b} (or {@code PANTRY_UPSTREAMS}) lists ids in priority order, each with
 * {@code upstream.<id>.*} keys. Every key can also come from the environment as {@code PANTRY_UPSTREAM_<ID>_<KEY>}
 * (upper-cased, '-' and '.' as '_'), which wins over the file. The first upstream also takes today's unsuffixed
 * variables ({@code PANTRY_UPSTREAM}, {@code PANTRY_UPSTREAM_USERNAME}...) and the command-line flags. Without a
 * list there is one upstream, {@code main}.
 */
final class UpstreamKeys {
  private final Layered p;
  private final @Nullable String flagUrl;
  private final @Nullable Path flagPasswordFile;

  UpstreamKeys(Layered p, @Nullable String flagUrl, @Nullable Path flagPasswordFile) {
    this.p = p;
    this.flagUrl = flagUrl;
    this.flagPasswordFile = flagPasswordFile;
  }

  /** Every upstream, with its own settings laid over the mirror-wide {@code ttl}, {@code timeouts} and policy. */
  List<UpstreamConfig> upstreams(Duration ttl, Timeouts timeouts, UpstreamPolicy policy) {
    String list = p.get("upstreams", "PANTRY_UPSTREAMS");
    List<String> ids = list == null || list.isBlank() ? List.of("main") : names(list);
    List<UpstreamConfig> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Upstream u = new Upstream(ids.get(i), i == 0);
      out.add(u.config(ttl, timeouts, policy));
    }
    return out;
  }

  private static List<String> names(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The keys of one upstream. */
  private final class Upstream {
    private final String id;
    private final String prefix;
    private final boolean primary;

    Upstream(String id, boolean primary) {
      this.id = id;
      this.prefix = "upstream." + id + ".";
      this.primary = primary;
    }

    /** {@code PANTRY_UPSTREAM_<ID>_<KEY>}, then the file; for the first upstream, then {@code legacyEnv}. */
    @Nullable String value(String key, @Nullable String legacyEnv) {
      String own = p.env().get(envName(key));
      if (own != null) {
        return own.strip();
      }
      return p.get(prefix + key, primary ? legacyEnv : null);
    }

    String envName(String key) {
      return ("PANTRY_UPSTREAM_" + id + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    @Nullable Secret secret(String key, @Nullable String legacyEnv, @Nullable Path flagFile) {
      String own = p.env().get(envName(key));
      if (own != null && flagFile == null) {
        return Secret.of(own);
      }
      return p.secret(prefix + key, primary ? legacyEnv : null, flagFile);
    }

    UpstreamConfig config(Duration ttl, Timeouts timeouts, UpstreamPolicy policy) {
      String given = primary && flagUrl != null ? flagUrl : value("url", "PANTRY_UPSTREAM");
      String url = given != null ? given : primary ? PantryConfig.DEFAULT_UPSTREAM : null;
      if (url == null) {
        throw new IllegalArgumentException(prefix + "url is required (or " + envName("url") + ")");
      }
      URI uri;
      try {
        uri = URI.create(url.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(prefix + "url is not a URL");
      }
      String hosts = value("file-hosts", "PANTRY_UPSTREAM_FILE_HOSTS");
      List<String> fileHosts = hosts == null ? UpstreamConfig.defaultFileHosts(uri) : names(hosts);
      return new UpstreamConfig(id, uri, credentials(), fileHosts, options(ttl, timeouts, policy));
    }

    private Credentials credentials() {
      String user = value("username", "PANTRY_UPSTREAM_USERNAME");
      Secret password = secret("password", "PANTRY_UPSTREAM_PASSWORD", primary ? flagPasswordFile : null);
      String header = value("header", "PANTRY_UPSTREAM_HEADER");
      if (header != null && !header.isBlank()) {
        Secret value = secret("header-value", "PANTRY_UPSTREAM_HEADER_VALUE", null);
        if (value == null) {
          value = password;
        }
        if (value == null || value.isEmpty()) {
          throw new IllegalArgumentException(prefix + "header is set but no value: set " + prefix
              + "header-value-file or " + envName("header-value"));
        }
        return new Credentials.Header(header.strip(), value);
      }
      if (password != null && !password.isEmpty()) {
        return new Credentials.Basic(user == null ? "" : user.strip(), password);
      }
      if (user != null && !user.isBlank()) {
        throw new IllegalArgumentException(prefix + "username is set but no password or token");
      }
      return new Credentials.None();
    }

    private UpstreamOptions options(Duration ttl, Timeouts t, UpstreamPolicy d) {
      Timeouts own = new Timeouts(t.connect(), duration("timeout.idle", t.idle()), duration("timeout.page", t.page()));
      UpstreamPolicy mine = new UpstreamPolicy(
          integer("retry.attempts", d.attempts()), duration("retry.backoff", d.backoff()),
          duration("retry.max-backoff", d.maxBackoff()), integer("breaker.threshold", d.breakerThreshold()),
          duration("breaker.cool-down", d.breakerCoolDown()), integer("bulkhead.concurrency", d.concurrency()),
          integer("bulkhead.queue", d.queue()), duration("bulkhead.queue-wait", d.queueWait()));
      String minAge = value("min-age", null);
      return new UpstreamOptions(globs("pin"), globs("block"),
          minAge == null ? null : Layered.duration(prefix + "min-age", minAge, "0"), globs("min-age-exempt"),
          Boolean.parseBoolean(value("min-age-hide-undated", null)), duration("page-ttl", ttl), own, mine);
    }

    private List<NameGlob> globs(String key) {
      String v = value(key, null);
      try {
        return v == null ? List.of() : names(v).stream().map(NameGlob::new).toList();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(prefix + key + ": " + e.getMessage());
      }
    }

    private Duration duration(String key, Duration fallback) {
      String v = value(key, null);
      return v == null ? fallback : Layered.duration(prefix + key, v, "0");
    }

    private int integer(String key, int fallback) {
      String v = value(key, null);
      return v == null ? fallback : Layered.integer(prefix + key, v, "0");
    }
  }
}
