package dev.pantry.index;

/** Strict UTF-8 checking, so a JSON body in another encoding is refused instead of guessed at. */
final class Utf8 {

  private Utf8() {}

  /**
   * The offset of the first byte that is not well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above
   * U+10FFFF) or is NUL, or -1. NUL is refused too: it never occurs in UTF-8 JSON, and it is how UTF-16 and UTF-32
   * (which a JSON parser would otherwise auto-detect) show up as bytes.
   */
  static int firstInvalid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c != 0 && c < 0x80) {
        i++;
        continue;
      }
      int len = sequenceLength(b, i);
      if (len < 0) {
        return i;
      }
      i += len;
    }
    return -1;
  }

  /** The length of the multi-byte sequence starting at {@code i}, or -1 when it is malformed. */
  private static int sequenceLength(byte[] b, int i) {
    int c = b[i] & 0xFF;
    int len;
    int min;
    int max = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      min = c == 0xE0 ? 0xA0 : 0x80; // no overlongs
      max = c == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      min = c == 0xF0 ? 0x90 : 0x80; // no overlongs
      max = c == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
    } else {
      return -1;
    }
    if (i + len > b.length) {
      return -1;
    }
    int second = b[i + 1] & 0xFF;
    if (second < min || second > max) {
      return -1;
    }
    for (int k = 2; k < len; k++) {
      int cont = b[i + k] & 0xFF;
      if (cont < 0x80 || cont > 0xBF) {
        return -1;
      }
    }
    return len;
  }
}
