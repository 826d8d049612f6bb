package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Pep440VersionTest {

  private static Pep440Version v(String s) {
    return Pep440Version.parse(s).orElseThrow(() -> new AssertionError("not parsed: " + s));
  }

  @Test
  void compare_fullPep440Ordering_matchesPip() {
    // The ordering example from PEP 440 (and packaging's tests), shuffled then sorted.
    List<String> ordered = List.of("1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456",
        "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5",
        "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "2!0.1");
    List<String> shuffled = new ArrayList<>(ordered);
    Collections.shuffle(shuffled, new Random(1));

    List<String> sorted = shuffled.stream().map(Pep440VersionTest::v).sorted().map(Pep440Version::toString).toList();

    assertEquals(ordered, sorted);
  }

  @Test
  void compare_releaseSegments_areNumericNotLexical() {
    assertTrue(v("1.10").compareTo(v("1.9")) > 0);
    assertTrue(v("2.0").compareTo(v("10.0")) < 0);
    assertTrue(v("20240101123000").compareTo(v("9")) > 0, "long numbers do not overflow");
  }

  @Test
  void compare_trailingZerosAndSpellings_areEqual() {
    assertEquals(0, v("1.0").compareTo(v("1.0.0")));
    assertEquals(v("1.0"), v("1"));
    assertEquals(v("1.0").hashCode(), v("1.0.0").hashCode());
    assertEquals(0, v("1.0alpha1").compareTo(v("1.0a1")));
    assertEquals(0, v("1.0-1").compareTo(v("1.0.post1")), "an implicit post-release");
    assertEquals(0, v("1.0c1").compareTo(v("1.0rc1")));
    assertEquals(0, v("v1.0").compareTo(v("1.0")));
    assertEquals(0, v("01.002").compareTo(v("1.2")));
  }

  @Test
  void parse_plainReleases_orderAsThePatternParsedThem() {
    // Digits-and-dots versions skip the pattern; they must sort among the others exactly as before.
    List<String> ordered = List.of("0.9", "1.0.dev1", "1.0a1", "1.0rc1", "1", "1.0.0.0+local", "1.0.post1",
        "1.0.1", "1.10", "2!0.1");
    List<String> shuffled = new ArrayList<>(ordered);
    Collections.shuffle(shuffled, new Random(7));

    assertEquals(ordered, shuffled.stream().map(Pep440VersionTest::v).sorted().map(Pep440Version::toString).toList());
    assertEquals(0, v("1.0.0").compareTo(v("1")));
    assertTrue(v("1.0.0+x").compareTo(v("1.0")) > 0);
    assertEquals("1.2", v(" 1.2 ").toString());
  }

  @Test
  void parse_dotsWithoutDigits_isEmpty() {
    assertTrue(Pep440Version.parse("1..2").isEmpty());
    assertTrue(Pep440Version.parse(".1").isEmpty());
    assertTrue(Pep440Version.parse("1.").isEmpty());
    assertTrue(Pep440Version.parse(".").isEmpty());
  }

  @Test
  void parse_notAVersion_isEmpty() {
    assertTrue(Pep440Version.parse("latest").isEmpty());
    assertTrue(Pep440Version.parse("1.0-final-final").isEmpty());
    assertTrue(Pep440Version.parse("").isEmpty());
  }

  @Test
  void toString_isTheVersionAsWritten() {
    assertEquals("1.0RC1", v("1.0RC1").toString());
  }
}
