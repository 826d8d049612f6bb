package dev.pantry.cli;

import dev.pantry.config.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Human units on the command line: a bad value is a usage error (exit 2) whose message says what would work. */
final class UnitConverters {
  private UnitConverters() {}

  /** {@code 500MB}, {@code 20GiB}, {@code 1048576}. */
  static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return Units.parseSize(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code 90s}, {@code 12h}, {@code 30d}, {@code 2w}. */
  static final class Span implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Units.parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
