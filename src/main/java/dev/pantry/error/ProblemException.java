package dev.pantry.error;

/**
 * Carries a {@link Problem} through code that cannot return it (a picocli command, a callback), up to the one place
 * that maps it. No stack trace: the problem is the whole story.
 */
public final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.message(), null, false, false);
    this.problem = problem;
  }

  public ProblemException(Problem.Kind kind, String message) {
    this(Problem.of(kind, message));
  }

  public Problem problem() {
    return problem;
  }
}
