package dev.pantry.index;

/** The simple-API wire formats, with their media types. */
public enum Format {
  /** PEP 691 JSON, version 1. */
  JSON("application/vnd.pypi.simple.v1+json"),
  /** PEP 691's name for PEP 503 HTML. */
  HTML_V1("application/vnd.pypi.simple.v1+html"),
  /** Plain PEP 503 HTML, for browsers and old clients. */
  HTML("text/html");

  private final String mediaType;

  Format(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  public boolean isJson() {
    return this == JSON;
  }
}
