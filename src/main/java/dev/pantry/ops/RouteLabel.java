package dev.pantry.ops;

/** The route label of a path, for metrics and rate limits: a small fixed set, never the path itself. */
public final class RouteLabel {
  public static final String SIMPLE = "simple";
  public static final String FILES = "files";

  private RouteLabel() {}

  public static String of(String path) {
    if (path.startsWith("/simple")) {
      return SIMPLE;
    }
    if (path.startsWith("/files/")) {
      return FILES;
    }
    if (path.equals("/metrics")) {
      return "metrics";
    }
    if (path.equals("/healthz") || path.equals("/readyz")) {
      return "health";
    }
    if (path.startsWith("/admin/")) {
      return "admin";
    }
    if (path.startsWith("/api/") || path.startsWith("/ui/") || path.equals("/")) {
      return path.equals("/") ? "home" : path.substring(1, path.indexOf('/', 1));
    }
    return "other";
  }

  /** Operational endpoints are never rate limited: probes and scrapers must always get through. */
  public static boolean isOperational(String label) {
    return label.equals("metrics") || label.equals("health") || label.equals("admin");
  }
}
