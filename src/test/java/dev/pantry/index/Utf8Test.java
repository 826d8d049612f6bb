package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

  @ParameterizedTest
  @ValueSource(strings = {"", "plain ascii", "café", "€", "𝄞 clef", "日本語", "\uFFFD"})
  void firstInvalid_wellFormed_minusOne(String s) {
    assertEquals(-1, Utf8.firstInvalid(s.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "'00', 0",             // NUL (how UTF-16 shows up)
      "'41 80', 1",          // stray continuation byte
      "'C0 AF', 0",          // overlong '/'
      "'E0 80 AF', 0",       // overlong
      "'ED A0 80', 0",       // surrogate
      "'F4 90 80 80', 0",    // above U+10FFFF
      "'F5 80 80 80', 0",    // invalid lead byte
      "'41 E2 82', 1",       // truncated sequence
      "'E2 28 A1', 0",       // bad continuation
      "'FF FE 7B 00', 0",    // UTF-16LE BOM
  })
  void firstInvalid_malformed_offsetOfFirstBadByte(String hex, int offset) {
    String[] parts = hex.split(" ");
    byte[] b = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    assertEquals(offset, Utf8.firstInvalid(b));
  }
}
