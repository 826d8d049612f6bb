package dev.pantry.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** How the mirror authenticates to one upstream origin. Every variant prints without its secret. */
public sealed interface Credentials {

  /** The header name this sends, or empty for {@link None}. */
  String headerName();

  /** The header value to send, secret included: call only where the request is built. */
  String headerValue();

  /** No credentials. */
  record None() implements Credentials {
    @Override
    public String headerName() {
      return "";
    }

    @Override
    public String headerValue() {
      return "";
    }
  }

  /** HTTP Basic: a user with a password or a token (a token is a password). */
  record Basic(String username, Secret password) implements Credentials {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String headerName() {
      return "Authorization";
    }

    @Override
    public String headerValue() {
      String pair = username + ":" + password.reveal();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Any header carrying a token, e.g. GitLab's {@code PRIVATE-TOKEN} or {@code Authorization: Bearer …}. */
  record Header(String name, Secret value) implements Credentials {
    public Header {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
        throw new IllegalArgumentException("not a valid header name: '" + name + "'");
      }
    }

    @Override
    public String headerName() {
      return name;
    }

    @Override
    public String headerValue() {
      return value.reveal();
    }
  }

  static Credentials none() {
    return new None();
  }
}
