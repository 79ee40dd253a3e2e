package io.logspout.template;

/** Sizes of text in UTF-8, without encoding it. */
public final class Utf8 {
    private Utf8() {
    }

    /** The bytes of {@code s} in UTF-8 (a lone surrogate counts 3, as the replacement character would). */
    public static long length(String s) {
        long length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
