package dev.pantry.cli;

import dev.pantry.error.Problem;

/**
 * Carries a {@link Problem} from deep in a command up to {@link Main}, the one place problems become exit codes and
 * a line on stderr. No stack trace: the problem is the whole story.
 */
final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  ProblemException(Problem problem) {
    super(problem.message(), null, false, false);
    this.problem = problem;
  }

  ProblemException(Problem.Kind kind, String message) {
    this(Problem.of(kind, message));
  }

  Problem problem() {
    return problem;
  }
}
