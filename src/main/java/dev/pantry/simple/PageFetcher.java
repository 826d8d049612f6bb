package dev.pantry.simple;

import dev.pantry.index.HtmlRenderer;
import dev.pantry.index.JsonRenderer;
import dev.pantry.index.PageParser;
import dev.pantry.index.ParseResult;
import dev.pantry.index.ProjectList;
import dev.pantry.index.ProjectPage;
import dev.pantry.metadata.FileRecord;
import dev.pantry.upstream.Outcome;
import java.util.List;

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
    /** @param listing the rows to record before the page is served (none for the project list) */
    record Page(byte[] html, byte[] json, int count, List<FileRecord> listing) implements Rendered {}

    record Malformed(String reason) implements Rendered {}
  }

  public PageFetcher() {}

  Rendered render(String upstreamId, String project, Outcome.Fetched<byte[]> f) {
    if (project.isEmpty()) {
      ParseResult<ProjectList> parsed = PageParser.parseRoot(f.body(), f.contentType());
      if (parsed instanceof ParseResult.Malformed<ProjectList> m) {
        return new Rendered.Malformed(m.reason());
      }
      ProjectList list = ((ParseResult.Parsed<ProjectList>) parsed).value();
      return new Rendered.Page(HtmlRenderer.renderRoot(list), JsonRenderer.renderRoot(list), list.names().size(),
          List.of());
    }
    ParseResult<ProjectPage> parsed = PageParser.parseProject(f.body(), f.contentType(), f.finalUrl(), project);
    if (parsed instanceof ParseResult.Malformed<ProjectPage> m) {
      return new Rendered.Malformed(m.reason());
    }
    ProjectPage page = ((ParseResult.Parsed<ProjectPage>) parsed).value();
    ProjectPage served = LinkRewriter.rewrite(upstreamId, page).withKnownVersions();
    return new Rendered.Page(HtmlRenderer.renderProject(served), JsonRenderer.renderProject(served),
        page.files().size(), List.copyOf(LinkRewriter.listing(upstreamId, page)));
  }
}
