package io.logspout.core.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shell pattern with the exact semantics of Go's {@code path.Match}, which logspout's
 * {@code filter.name} and {@code filter.labels} use: {@code *} matches any run of characters
 * other than {@code /}, {@code ?} one such character, {@code [a-z]} and {@code [^a-z]} a class
 * (which, as in Go, may match {@code /}), {@code \} escapes; the whole name must match, case
 * sensitively.
 *
 * <p>The pattern is compiled once; {@link #matches} allocates nothing. Compiling follows Go's
 * scanning rules chunk by chunk (a chunk is a run of single-character terms, optionally after a
 * {@code *}), and matching follows Go's algorithm, including its leftmost choice of where a
 * star's chunk starts, so both agree on every pattern. A malformed pattern (Go's
 * {@code ErrBadPattern}) compiles to a glob that never matches, which is what logspout does with
 * it. One difference: Go's star may skip part of a multi-byte UTF-8 character; here it skips
 * whole characters, so {@code *??} does not match the single character {@code ☺}.
 */
public final class Glob {
    // Chunk programs: LITERAL c | ANY | CLASS negated count (lo hi){count}.
    private static final int LITERAL = 0;
    private static final int ANY = 1;
    private static final int CLASS = 2;

    private final String pattern;
    private final boolean valid;
    private final boolean[] stars;
    private final int[][] chunks;

    private Glob(String pattern, boolean valid, boolean[] stars, int[][] chunks) {
        this.pattern = pattern;
        this.valid = valid;
        this.stars = stars;
        this.chunks = chunks;
    }

    /** Compiles {@code pattern}; never fails: a malformed pattern gives a glob that matches nothing. */
    public static Glob compile(String pattern) {
        List<int[]> programs = new ArrayList<>();
        List<Boolean> starFlags = new ArrayList<>();
        int pos = 0;
        int end = pattern.length();
        while (pos < end) {
            boolean star = false;
            while (pos < end && pattern.charAt(pos) == '*') {
                pos++;
                star = true;
            }
            int chunkEnd = chunkEnd(pattern, pos);
            int[] program = compileChunk(pattern, pos, chunkEnd);
            if (program == null) {
                return new Glob(pattern, false, new boolean[0], new int[0][]);
            }
            starFlags.add(star);
            programs.add(program);
            pos = chunkEnd;
        }
        boolean[] stars = new boolean[starFlags.size()];
        for (int i = 0; i < stars.length; i++) {
            stars[i] = starFlags.get(i);
        }
        return new Glob(pattern, true, stars, programs.toArray(new int[0][]));
    }

    /** Go's {@code scanChunk}: a chunk ends at the first {@code *} outside a class. */
    private static int chunkEnd(String pattern, int from) {
        boolean inRange = false;
        for (int i = from; i < pattern.length(); i++) {
            switch (pattern.charAt(i)) {
                case '\\' -> {
                    if (i + 1 < pattern.length()) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return pattern.length();
    }

    /** Go's {@code matchChunk} syntax rules; null when the chunk is malformed. */
    private static int[] compileChunk(String pattern, int from, int to) {
        int[] program = new int[8];
        int size = 0;
        int pos = from;
        while (pos < to) {
            char c = pattern.charAt(pos);
            program = ensure(program, size + 2);
            if (c == '?') {
                program[size++] = ANY;
                pos++;
            } else if (c == '[') {
                pos++;
                boolean negated = pos < to && pattern.charAt(pos) == '^';
                if (negated) {
                    pos++;
                }
                int header = size;
                program[size++] = CLASS;
                program[size++] = negated ? 1 : 0;
                program = ensure(program, size + 1);
                size++; // range count, filled in below
                int ranges = 0;
                while (true) {
                    if (pos < to && pattern.charAt(pos) == ']' && ranges > 0) {
                        pos++;
                        break;
                    }
                    long lo = classChar(pattern, pos, to);
                    if (lo < 0) {
                        return null;
                    }
                    pos = (int) (lo >>> 32);
                    int hi = (int) lo;
                    if (pattern.charAt(pos) == '-') {
                        long upper = classChar(pattern, pos + 1, to);
                        if (upper < 0) {
                            return null;
                        }
                        pos = (int) (upper >>> 32);
                        hi = (int) upper;
                    }
                    program = ensure(program, size + 2);
                    program[size++] = (int) lo;
                    program[size++] = hi;
                    ranges++;
                }
                program[header + 2] = ranges;
            } else {
                if (c == '\\') {
                    pos++;
                    if (pos >= to) {
                        return null;
                    }
                }
                int literal = pattern.codePointAt(pos);
                program[size++] = LITERAL;
                program[size++] = literal;
                pos += Character.charCount(literal);
            }
        }
        return Arrays.copyOf(program, size);
    }

    /**
     * Go's {@code getEsc}: one possibly escaped character of a class. Returns the position after
     * it in the high half and the character in the low half, or -1 when malformed (Go also
     * rejects a class character that ends the chunk, as the class then has no {@code ]}).
     */
    private static long classChar(String pattern, int pos, int to) {
        if (pos >= to || pattern.charAt(pos) == '-' || pattern.charAt(pos) == ']') {
            return -1;
        }
        if (pattern.charAt(pos) == '\\') {
            pos++;
            if (pos >= to) {
                return -1;
            }
        }
        int c = pattern.codePointAt(pos);
        int next = pos + Character.charCount(c);
        if (next >= to) {
            return -1;
        }
        return ((long) next << 32) | (c & 0xffffffffL);
    }

    private static int[] ensure(int[] program, int size) {
        return size <= program.length ? program : Arrays.copyOf(program, Math.max(size, program.length * 2));
    }

    /** True when the pattern is well formed; a malformed one matches nothing. */
    public boolean valid() {
        return valid;
    }

    public String pattern() {
        return pattern;
    }

    /** Go's {@code path.Match(pattern, name)}, with a malformed pattern never matching. */
    public boolean matches(String name) {
        if (!valid) {
            return false;
        }
        int length = name.length();
        int pos = 0;
        chunks:
        for (int c = 0; c < chunks.length; c++) {
            int[] chunk = chunks[c];
            boolean last = c == chunks.length - 1;
            if (stars[c] && chunk.length == 0) {
                // A trailing star matches the rest unless it has a slash.
                return name.indexOf('/', pos) < 0;
            }
            int rest = matchChunk(chunk, name, pos);
            if (rest >= 0 && (rest == length || !last)) {
                pos = rest;
                continue;
            }
            if (stars[c]) {
                // Let the star take one more character at a time, never a slash.
                for (int i = pos; i < length && name.charAt(i) != '/'; ) {
                    i += Character.charCount(name.codePointAt(i));
                    rest = matchChunk(chunk, name, i);
                    if (rest >= 0 && !(last && rest < length)) {
                        pos = rest;
                        continue chunks;
                    }
                }
            }
            return false;
        }
        return pos == length;
    }

    /** Matches {@code chunk} at {@code pos}; the position after it, or -1. */
    private static int matchChunk(int[] chunk, String s, int pos) {
        int length = s.length();
        int i = 0;
        while (i < chunk.length) {
            if (pos >= length) {
                return -1;
            }
            int c = s.codePointAt(pos);
            switch (chunk[i]) {
                case LITERAL -> {
                    if (chunk[i + 1] != c) {
                        return -1;
                    }
                    i += 2;
                }
                case ANY -> {
                    if (c == '/') {
                        return -1;
                    }
                    i += 1;
                }
                default -> {
                    boolean negated = chunk[i + 1] == 1;
                    int ranges = chunk[i + 2];
                    boolean match = false;
                    for (int r = 0; r < ranges; r++) {
                        int lo = chunk[i + 3 + 2 * r];
                        int hi = chunk[i + 4 + 2 * r];
                        if (lo <= c && c <= hi) {
                            match = true;
                            break;
                        }
                    }
                    if (match == negated) {
                        return -1;
                    }
                    i += 3 + 2 * ranges;
                }
            }
            pos += Character.charCount(c);
        }
        return pos;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
