package dev.pantry.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Plays a private GitLab PyPI registry (project 7): authentication on every request, absolute file links, file
 * downloads that redirect to pre-signed object storage, and unknown projects redirected to the public index.
 */
final class RegistryOrigin extends FakeOrigin {

  static final String API = "/api/v4/projects/7/packages/pypi";
  static final String SIMPLE = API + "/simple/";
  static final String FILES = API + "/files/";

  private final String expectedBasic;
  private final String token;

  RegistryOrigin(RequestLog log, Knobs knobs, Catalog catalog, AtomicReference<@Nullable Addresses> addresses,
      String username, String token) {
    super("registry", log, knobs, catalog, addresses);
    this.expectedBasic = Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
    this.token = token;
  }

  @Override
  void serve(Request request, Response response, Callback callback, Addresses addresses) {
    if (failedOnPurpose(request, response, callback)) {
      return;
    }
    if (!authorized(request)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"gitlab\"");
      Replies.text(request, response, callback, 401, "401 Unauthorized\n");
      return;
    }
    String path = request.getHttpURI().getDecodedPath();
    PageFormat format = PageFormat.negotiate(request.getHeaders().get(HttpHeader.ACCEPT));
    if (path.equals(SIMPLE)) {
      if (!sentRawPage(request, response, callback, ROOT)) {
        page(request, response, callback, format, SimplePages.root(format, catalog.privateProjectNames()));
      }
    } else if (path.startsWith(SIMPLE)) {
      project(request, response, callback, format, path.substring(SIMPLE.length()), addresses);
    } else if (path.startsWith(FILES)) {
      file(request, response, callback, path.substring(FILES.length()), addresses);
    } else {
      Replies.text(request, response, callback, 404, "404 Not Found\n");
    }
  }

  /** GitLab takes Basic with a deploy/personal token as password, or the token alone in PRIVATE-TOKEN. */
  private boolean authorized(Request request) {
    String privateToken = request.getHeaders().get("PRIVATE-TOKEN");
    if (privateToken != null) {
      return privateToken.equals(token);
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    return authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, 6)
        && authorization.substring(6).strip().equals(expectedBasic);
  }

  private void project(
      Request request, Response response, Callback callback, PageFormat format, String rest, Addresses addresses) {
    String project = projectOrRedirect(request, response, callback, SIMPLE, rest);
    if (project == null || sentRawPage(request, response, callback, project)) {
      return;
    }
    List<Catalog.Listed> files = catalog.privateFiles(project);
    if (files == null) {
      Replies.redirect(response, callback, 302, addresses.publicIndex() + "/simple/" + project + "/");
      return;
    }
    String filesBase = addresses.registry() + FILES;
    page(request, response, callback, format,
        SimplePages.project(format, project, files, w -> filesBase + w.sha256() + "/" + w.filename()));
  }

  /** {@code <sha256>/<filename>} or {@code <sha256>/<filename>.metadata}: a 302 to a fresh pre-signed URL. */
  private void file(Request request, Response response, Callback callback, String rest, Addresses addresses) {
    int slash = rest.indexOf('/');
    Wheel wheel = slash < 0 ? null : catalog.privateWheel(rest.substring(0, slash));
    String filename = slash < 0 ? "" : rest.substring(slash + 1);
    if (wheel == null || !(filename.equals(wheel.filename()) || filename.equals(wheel.metadataFilename()))) {
      Replies.text(request, response, callback, 404, "404 Not Found\n");
      return;
    }
    String object = filename.equals(wheel.filename()) ? wheel.sha256() : wheel.metadataSha256();
    byte[] signature = new byte[16];
    ThreadLocalRandom.current().nextBytes(signature);
    Replies.redirect(response, callback, 302, addresses.storage() + "/bucket/" + object
        + "?X-Amz-Signature=" + HexFormat.of().formatHex(signature) + "&X-Amz-Expires=300");
  }

  private static void page(Request request, Response response, Callback callback, PageFormat format, byte[] body) {
    response.getHeaders().put(HttpHeader.VARY, "Accept");
    Replies.bytes(request, response, callback, 200, format.contentType(), body);
  }
}
