package io.customer360.common;

/**
 * A hook for a dialect (DESIGN.md §8) whose paths answer errors in their own body: the errors the
 * HTTP layer produces before or outside the dialect's resources (unknown route 404, wrong method
 * 405, {@code Accept} 406, the edge's 400/413/414/415/431 of {@link HttpEdge}) ask every bean of
 * this type first; the first non-null answer is written as {@code application/json}, else the
 * native error body is. {@code common} never knows the dialects: they implement this.
 */
public interface PathErrors {

  /**
   * The answer to an error of {@code status} for a request of {@code method} (e.g. {@code GET}) on
   * the undecoded {@code path}; null when the path is not this dialect's.
   */
  Answer answer(String method, String path, int status);

  /** An HTTP status (the dialect may refine the one it was asked about) and a JSON body. */
  record Answer(int status, Object body) {}
}
