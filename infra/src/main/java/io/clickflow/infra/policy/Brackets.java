package io.clickflow.infra.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Checks that braces, brackets, parentheses and strings in HCL source are closed. hcl4j accepts a
 * file whose last block is never closed and silently drops that block, which would let a truncated
 * file pass every policy; this check turns it into a parse error. Heredocs are not used in
 * infra/terraform and are not understood here.
 */
final class Brackets {

  private Brackets() {}

  /** The first problem found, with its line, or empty when everything is closed. */
  static Optional<String> firstProblem(String source) {
    Deque<Character> open = new ArrayDeque<>();
    int line = 1;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      char next = i + 1 < source.length() ? source.charAt(i + 1) : '\0';
      if (c == '\n') {
        line++;
      }
      if (!open.isEmpty() && open.peek() == '"') {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          open.pop();
        } else if ((c == '$' || c == '%') && next == '{') {
          open.push('{');
          i++;
        }
        continue;
      }
      if (c == '#' || (c == '/' && next == '/')) {
        while (i + 1 < source.length() && source.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == '/' && next == '*') {
        int end = source.indexOf("*/", i + 2);
        if (end < 0) {
          return Optional.of("line " + line + ": comment is never closed");
        }
        line += (int) source.substring(i, end).chars().filter(ch -> ch == '\n').count();
        i = end + 1;
      } else if (c == '"' || c == '{' || c == '[' || c == '(') {
        open.push(c);
      } else if (c == '}' || c == ']' || c == ')') {
        char expected = c == '}' ? '{' : c == ']' ? '[' : '(';
        if (open.isEmpty() || open.pop() != expected) {
          return Optional.of("line " + line + ": unexpected '" + c + "'");
        }
      }
    }
    return open.isEmpty()
        ? Optional.empty()
        : Optional.of("'" + open.peek() + "' is never closed by the end of the file");
  }
}
