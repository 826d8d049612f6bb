package dev.pantry.simple;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.index.DistFile;
import dev.pantry.index.HtmlRenderer;
import dev.pantry.index.JsonRenderer;
import dev.pantry.index.PageParser;
import dev.pantry.index.ParseResult;
import dev.pantry.index.ProjectPage;
import dev.pantry.index.Rendering;
import dev.pantry.index.RootRendering;
import dev.pantry.metadata.FileRecord;
import dev.pantry.upstream.Outcome;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an upstream's page into what Pantry serves: parsed into the one model, file links rewritten to the mirror,
 * the listing to record (so every link the page shows is fetchable), and both renderings. No I/O: the caller records
 * the listing and stores the page.
 */
public final class PageFetcher {
  /** Pip's preference, so the upstream gives us the richer JSON when it can. */
  static final String UPSTREAM_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

  /** What a fetched page came to. */
  sealed interface Rendered {
    /**
     * @param listing the rows to record before the page is served (none for the project list)
     * @param status  the PEP 792 status the upstream gave, or null
     */
    record Page(Rendering html, Rendering json, int count, List<FileRecord> listing, @Nullable String status)
        implements Rendered {}

    /**
     * A project page that lists no files and says nothing of its status: how Nexus groups (and some proxies) answer
     * for a name they do not have. It means "not here", never an empty 200.
     */
    record Empty() implements Rendered {}

    record Malformed(String reason) implements Rendered {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);
  private static final int MAX_LOGGED = 1_000;
  /** Files from which a page's HTML is rendered on another thread, beside its JSON. */
  static final int PARALLEL_RENDER_FILES = 2_000;
  /** About what one project takes in an upstream's list (pypi.org: 35 MB for 740,000), to size its renderings. */
  private static final int ROOT_BYTES_PER_NAME = 48;

  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  public PageFetcher() {}

  /**
   * @param refusal  why the mirror may not fetch a link of this upstream (one line), or null when it may: such links
   *                 are dropped from the page, each host logged once
   * @param computed the sha256 the mirror computed for cached files the page gives no hash for, by filename; asked
   *                 only when the page has such files, and added to the page clients get
   */
  Rendered render(UpstreamConfig up, String project, Outcome.Fetched<byte[]> f, Function<URI, @Nullable String> refusal,
      Supplier<Map<String, String>> computed, long now) {
    String upstreamId = up.id();
    if (project.isEmpty()) {
      // Rendered as it is parsed: the names are never held as a list (740,000 of them on pypi.org).
      RootRendering rendering = new RootRendering(f.body().length / ROOT_BYTES_PER_NAME);
      if (PageParser.parseRoot(f.body(), f.contentType(), rendering) instanceof ParseResult.Malformed<Integer> m) {
        return new Rendered.Malformed(m.reason());
      }
      RootRendering.Pages pages = rendering.finish();
      return new Rendered.Page(pages.html(), pages.json(), pages.count(), List.of(), null);
    }
    ParseResult<ProjectPage> parsed = PageParser.parseProject(f.body(), f.contentType(), f.finalUrl(), project);
    if (parsed instanceof ParseResult.Malformed<ProjectPage> m) {
      return new Rendered.Malformed(m.reason());
    }
    ProjectPage given = ((ParseResult.Parsed<ProjectPage>) parsed).value();
    if (given.files().isEmpty() && given.status() == null) {
      return new Rendered.Empty();
    }
    ProjectPage page = MinimumAge.filter(up, offered(upstreamId, given, refusal), now);
    ProjectPage served = withComputedHashes(LinkRewriter.rewrite(upstreamId, page), computed).withKnownVersions();
    // A large page's two renderings side by side: the client waits for both (a page is staged whole), and the HTML
    // one took a tenth of a 30,000-link page's first request. A small page renders in less time than handing work to
    // another thread costs (on two cores CompletableFuture starts a thread per task), so it stays on this one.
    CompletableFuture<byte[]> html = served.files().size() < PARALLEL_RENDER_FILES
        ? CompletableFuture.completedFuture(HtmlRenderer.renderProject(served))
        : CompletableFuture.supplyAsync(() -> HtmlRenderer.renderProject(served));
    byte[] json = JsonRenderer.renderProject(served);
    List<FileRecord> listing = List.copyOf(LinkRewriter.listing(upstreamId, page));
    return new Rendered.Page(Rendering.of(joined(html)), Rendering.of(json), page.files().size(), listing,
        page.status() == null ? null : page.status().status());
  }

  private static byte[] joined(CompletableFuture<byte[]> rendering) {
    try {
      return rendering.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * The URL's text up to the end of its authority ({@code https://files.example:443/}), or null when it is not a plain
   * {@code scheme://authority/} form (then it is parsed): two URLs with the same such text have the same origin.
   */
  static @Nullable String originPrefix(String url) {
    int scheme = url.indexOf("://");
    int end = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
    if (end < 0) {
      return null;
    }
    for (int i = scheme + 3; i < end; i++) {
      char c = url.charAt(i);
      if (c == '@' || c == '%' || c == '\\' || c == '?' || c == '#') {
        return null;
      }
    }
    return url.substring(0, end + 1);
  }

  private static String hostForLog(String url) {
    try {
      return String.valueOf(URI.create(url).getHost());
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }

  /** What the mirror offers of a page: no files of a quarantined project (PEP 792), none it must not fetch. */
  private ProjectPage offered(String upstreamId, ProjectPage page, Function<URI, @Nullable String> refusal) {
    if (page.quarantined()) {
      LOG.warn("upstream {} quarantines project '{}'{}: none of its files are offered or served", upstreamId,
          page.name(), page.status() != null && page.status().reason() != null ? " (" + page.status().reason() + ")"
              : "");
      return page.withFiles(List.of());
    }
    return withoutRefused(upstreamId, page, refusal);
  }

  /** The page without the files the mirror must not fetch; a verdict per host, a log line per host and upstream. */
  private ProjectPage withoutRefused(String upstreamId, ProjectPage page, Function<URI, @Nullable String> refusal) {
    Map<String, Optional<String>> byHost = new HashMap<>();
    // Files of one page share a handful of origins: a URL whose text starts with an origin already judged needs no
    // parse (30,000 URI parses were a tenth of a large page's rendering).
    Map<String, Optional<String>> byPrefix = new HashMap<>();
    List<DistFile> kept = new ArrayList<>(page.files().size());
    for (DistFile file : page.files()) {
      String prefix = originPrefix(file.url());
      Optional<String> why = prefix == null ? null : byPrefix.get(prefix);
      if (why == null) {
        URI url;
        try {
          url = URI.create(file.url());
        } catch (IllegalArgumentException e) {
          continue; // the parser keeps only URLs it could resolve; nothing else is fetchable anyway
        }
        why = byHost.computeIfAbsent(url.getScheme() + "://" + url.getHost(),
            k -> Optional.ofNullable(refusal.apply(url)));
        if (prefix != null) {
          byPrefix.put(prefix, why);
        }
      }
      if (why.isEmpty()) {
        kept.add(file);
        continue;
      }
      String host = hostForLog(file.url());
      if (logged.size() < MAX_LOGGED && logged.add(upstreamId + " " + host)) {
        LOG.warn("upstream {} lists files on {} that the mirror will not fetch ({}); they are left out of its pages",
            upstreamId, host, why.get());
      }
    }
    return kept.size() == page.files().size() ? page : page.withFiles(kept);
  }

  /** Files the upstream gave no hash for get the sha256 of the copy the mirror verified and keeps, when it has one. */
  private static ProjectPage withComputedHashes(ProjectPage page, Supplier<Map<String, String>> computed) {
    if (page.files().stream().noneMatch(f -> f.hashes().isEmpty())) {
      return page;
    }
    Map<String, String> known = computed.get();
    if (known.isEmpty()) {
      return page;
    }
    List<DistFile> files = new ArrayList<>(page.files().size());
    for (DistFile f : page.files()) {
      String sha = f.hashes().isEmpty() ? known.get(f.filename()) : null;
      files.add(sha == null ? f : f.withHashes(Map.of("sha256", sha)));
    }
    return page.withFiles(files);
  }
}
