package dev.pantry.mirror;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** One HTTP/1.1 request over a plain socket, with the request target sent byte for byte as given (no client fixes). */
final class RawHttp {
  /** Enough for any error page; a response past this is cut, which the caller's asserts will show. */
  private static final int MAX_RESPONSE = 1 << 20;

  private RawHttp() {}

  /** The status line, headers and body of the answer, as text. */
  record Answer(int status, String raw) {
    String body() {
      int end = raw.indexOf("\r\n\r\n");
      return end < 0 ? "" : raw.substring(end + 4);
    }
  }

  static Answer get(URI base, String target) throws IOException {
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getRawAuthority()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      for (int n = in.read(buf); n != -1 && received.size() < MAX_RESPONSE; n = in.read(buf)) {
        received.write(buf, 0, n);
      }
      String raw = received.toString(StandardCharsets.ISO_8859_1);
      String[] statusLine = raw.split("\r\n", 2)[0].split(" ");
      int status = statusLine.length > 1 && statusLine[1].matches("\\d{3}") ? Integer.parseInt(statusLine[1]) : -1;
      return new Answer(status, raw);
    }
  }
}
