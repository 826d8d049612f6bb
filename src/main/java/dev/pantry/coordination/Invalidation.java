package dev.pantry.coordination;

import java.util.Objects;

/**
 * Something a process may hold in memory changed elsewhere: drop it. Delivered to every process, the publisher
 * included. Small and safe to send as text: names only, never bytes or credentials.
 */
public sealed interface Invalidation {

  /** One project of one upstream: its rows, its page, and any "not found" remembered for it. */
  record Project(String upstreamId, String project) implements Invalidation {
    public Project {
      Objects.requireNonNull(upstreamId, "upstreamId");
      Objects.requireNonNull(project, "project");
    }
  }

  /** One project on every upstream, and who owns it. */
  record Name(String project) implements Invalidation {
    public Name {
      Objects.requireNonNull(project, "project");
    }
  }

  /** A blob was removed or replaced: rows that name it, and its bytes kept in memory. */
  record Blob(String sha256) implements Invalidation {
    public Blob {
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /** Everything: an invalidation may have been missed (a lost connection to the bus). */
  record All() implements Invalidation {}

  /** The event as one line of text, for a message bus. */
  static String encode(Invalidation i) {
    if (i instanceof Project p) {
      return "project " + p.upstreamId() + " " + p.project();
    }
    if (i instanceof Name n) {
      return "name " + n.project();
    }
    if (i instanceof Blob b) {
      return "blob " + b.sha256();
    }
    return "all";
  }

  /** Reads what {@link #encode} wrote; anything unreadable means {@link All}, the safe answer. */
  static Invalidation decode(String line) {
    String[] p = line.strip().split(" ");
    if (p.length == 3 && p[0].equals("project")) {
      return new Project(p[1], p[2]);
    }
    if (p.length == 2 && p[0].equals("name")) {
      return new Name(p[1]);
    }
    if (p.length == 2 && p[0].equals("blob")) {
      return new Blob(p[1]);
    }
    return new All();
  }
}
