package dev.pantry.ui;

import dev.pantry.admin.AdminAuth;
import dev.pantry.config.LiveConfig;
import dev.pantry.config.PantryConfig;
import dev.pantry.error.HttpProblems;
import dev.pantry.error.Problem;
import dev.pantry.index.ProjectNames;
import dev.pantry.maintenance.Maintenance;
import dev.pantry.maintenance.PruneReport;
import dev.pantry.maintenance.PruneRules;
import dev.pantry.metadata.AccessRecorder;
import dev.pantry.metadata.CacheQueries;
import dev.pantry.metadata.FileRecord;
import dev.pantry.ownership.Shadows;
import dev.pantry.simple.PageResult;
import dev.pantry.simple.PageService;
import dev.pantry.upstream.UpstreamClient;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * The JSON API under {@code /api/} that feeds the web UI (and scripts):
 *
 * <ul>
 *   <li>{@code GET /api/overview}, {@code GET /api/projects?q=&sort=&order=&limit=&offset=},
 *       {@code GET /api/projects/<name>}, {@code GET /api/setup[?index=<url>]}, {@code GET /api/routing},
 *       {@code GET /api/shadows} — read-only, for anyone;
 *   <li>{@code POST /api/projects/<name>/refresh}, {@code DELETE /api/projects/<name>/files} — only when an admin
 *       token is configured, and only with it.
 * </ul>
 *
 * Bad input is a 400 with a one-line reason. Statistics pending in the {@link AccessRecorder} are flushed before a
 * read, so what the UI shows is current.
 */
public final class ApiHandler extends Handler.Abstract {
  static final String PREFIX = "/api/";
  private static final String PROJECTS = "projects/";

  private final LiveConfig config;
  private final CacheQueries queries;
  private final AccessRecorder access;
  private final UpstreamClient client;
  private final RequestHistory history;
  private final PageService pages;
  private final Maintenance maintenance;
  private final AdminAuth admin;
  private final Clock clock;
  private final Shadows shadows;

  public ApiHandler(LiveConfig config, CacheQueries queries, AccessRecorder access, UpstreamClient client,
      RequestHistory history, PageService pages, Maintenance maintenance, AdminAuth admin, Clock clock,
      Shadows shadows) {
    this.shadows = shadows;
    this.config = config;
    this.queries = queries;
    this.access = access;
    this.client = client;
    this.history = history;
    this.pages = pages;
    this.maintenance = maintenance;
    this.admin = admin;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    SecurityHeaders.api(response);
    String path = request.getHttpURI().getPath();
    String rest = path.length() < PREFIX.length() ? "" : path.substring(PREFIX.length());
    String method = request.getMethod();
    Fields params;
    try {
      params = Request.extractQueryParameters(request);
    } catch (RuntimeException e) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.BAD_REQUEST, "the query string is malformed"));
      return true;
    }
    if (rest.equals("overview")) {
      return onlyGet(request, response, callback) || overview(response, callback);
    }
    if (rest.equals("setup")) {
      return onlyGet(request, response, callback) || setup(request, params, response, callback);
    }
    if (rest.equals("routing")) {
      return onlyGet(request, response, callback) || send(response, callback,
          RoutingJson.routing(config.get(), shadows.all()));
    }
    if (rest.equals("shadows")) {
      return onlyGet(request, response, callback) || send(response, callback, RoutingJson.shadows(shadows.all()));
    }
    if (rest.equals("projects")) {
      return onlyGet(request, response, callback) || projects(params, response, callback);
    }
    if (rest.startsWith(PROJECTS)) {
      String[] parts = rest.substring(PROJECTS.length()).split("/", -1);
      if (parts.length == 1) {
        return onlyGet(request, response, callback) || project(parts[0], response, callback);
      }
      if (parts.length == 2 && parts[1].equals("refresh")) {
        return only(HttpMethod.POST, request, response, callback) || refresh(request, parts[0], response, callback);
      }
      if (parts.length == 2 && parts[1].equals("files")) {
        return only(HttpMethod.DELETE, request, response, callback) || remove(request, parts[0], response, callback);
      }
    }
    HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "no such API endpoint: " + method
        + " /api/" + (rest.length() > 80 ? rest.substring(0, 80) + "…" : rest)));
    return true;
  }

  private static boolean send(Response response, Callback callback, JsonResponses.Body body) {
    JsonResponses.send(response, callback, 200, body);
    return true;
  }

  private boolean overview(Response response, Callback callback) {
    access.flush();
    PantryConfig c = config.get();
    JsonResponses.send(response, callback, 200, OverviewJson.of(c, queries.stats(5), client::health,
        history.last24h(OverviewJson.BUCKET_MINUTES), admin.tokenConfigured(), clock.millis()));
    return true;
  }

  private boolean projects(Fields params, Response response, Callback callback) {
    ProjectsQuery.Parsed parsed = ProjectsQuery.parse(params);
    if (parsed instanceof ProjectsQuery.Parsed.Bad bad) {
      HttpProblems.send(response, callback, bad.problem());
      return true;
    }
    ProjectsQuery q = ((ProjectsQuery.Parsed.Ok) parsed).query();
    access.flush();
    JsonResponses.send(response, callback, 200,
        ProjectsJson.of(q, queries.projects(q.search(), q.sort(), q.descending(), q.limit(), q.offset())));
    return true;
  }

  private boolean project(String name, Response response, Callback callback) {
    if (!ProjectNames.isValid(name)) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.BAD_REQUEST, "not a valid project name"));
      return true;
    }
    String project = ProjectNames.normalize(name);
    access.flush();
    List<FileRecord> rows = queries.files(project);
    if (rows.isEmpty()) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND,
          "the mirror has no files of project '" + project + "'"));
      return true;
    }
    JsonResponses.send(response, callback, 200, ProjectJson.of(project, rows, config.get().upstreams(),
        admin.tokenConfigured(), pages.standing(project)));
    return true;
  }

  private boolean setup(Request request, Fields params, Response response, Callback callback) {
    String index = params.getValue("index");
    SetupSnippets.Setup setup;
    if (index == null || index.isEmpty()) {
      setup = SetupSnippets.forIndex(SetupSnippets.fromRequest(request.getHttpURI()));
    } else {
      SetupSnippets.Parsed parsed = SetupSnippets.parse(index);
      if (parsed instanceof SetupSnippets.Parsed.Bad bad) {
        HttpProblems.send(response, callback, bad.problem());
        return true;
      }
      setup = SetupSnippets.forIndex(((SetupSnippets.Parsed.Ok) parsed).index());
    }
    JsonResponses.send(response, callback, 200, SetupJson.of(setup));
    return true;
  }

  private boolean refresh(Request request, String name, Response response, Callback callback) {
    String project = adminProject(request, name, response, callback);
    if (project == null) {
      return true;
    }
    pages.invalidate(project);
    PageResult result = pages.project(project);
    if (result instanceof PageResult.Failed f) {
      HttpProblems.send(response, callback, f.problem());
    } else if (result instanceof PageResult.Missing) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "no upstream has '" + project + "'"));
    } else {
      PageResult.Served served = (PageResult.Served) result;
      JsonResponses.send(response, callback, 200, json -> {
        json.writeStartObject();
        json.writeStringField("name", project);
        json.writeStringField("status", served.status().name());
        json.writeNumberField("fetchedAt", served.page().record().fetchedAt());
        json.writeEndObject();
      });
    }
    return true;
  }

  private boolean remove(Request request, String name, Response response, Callback callback) {
    String project = adminProject(request, name, response, callback);
    if (project == null) {
      return true;
    }
    // The same removal path as `pantry prune --project`: files a client is using right now are kept, not broken.
    PruneReport r = maintenance.prune(new PruneRules(null, null, List.of(project), null, false, false));
    JsonResponses.send(response, callback, 200, json -> {
      json.writeStartObject();
      json.writeStringField("name", project);
      json.writeNumberField("files", r.removed().size());
      json.writeNumberField("inUse", r.skipped().size());
      json.writeNumberField("bytesFreed", r.bytesFreed());
      json.writeEndObject();
    });
    return true;
  }

  /** The normalized project after the admin check, or null when an answer (404, 401, 400) was sent. */
  private @Nullable String adminProject(Request request, String name, Response response, Callback callback) {
    Problem denied = admin.checkConfigured(request, response);
    if (denied != null) {
      HttpProblems.send(response, callback, denied);
      return null;
    }
    if (!ProjectNames.isValid(name)) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.BAD_REQUEST, "not a valid project name"));
      return null;
    }
    return ProjectNames.normalize(name);
  }

  private static boolean onlyGet(Request request, Response response, Callback callback) {
    if (HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod())) {
      return false;
    }
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    HttpProblems.send(response, callback, Problem.of(Problem.Kind.METHOD_NOT_ALLOWED,
        request.getMethod() + " is not allowed"));
    return true;
  }

  /** False when the request uses {@code method}; else answers 405 and returns true. */
  private static boolean only(HttpMethod method, Request request, Response response, Callback callback) {
    if (method.is(request.getMethod())) {
      return false;
    }
    response.getHeaders().put(HttpHeader.ALLOW, method.asString());
    HttpProblems.send(response, callback, Problem.of(Problem.Kind.METHOD_NOT_ALLOWED,
        request.getMethod() + " is not allowed"));
    return true;
  }
}
