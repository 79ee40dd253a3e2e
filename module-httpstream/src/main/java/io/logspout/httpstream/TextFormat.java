package io.logspout.httpstream;

import io.logspout.api.LogMessage;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * logspout's text stream. A single container's lines are bare ({@code data\n}); lines of several
 * containers carry the name right-aligned in a column at least {@value #MIN_WIDTH} wide that
 * grows to the longest name seen and never shrinks, then {@code |}: with colours
 * {@code <colour><name column>|<data>\x1b[0m\n}, without {@code <name column>|<data>\n}. Each new
 * name takes the next colour of {@link #color(int)}.
 *
 * <p>Per line it allocates nothing: the column (colour, padding, name, {@code |}) is made once
 * per name and again only when the column widens.
 */
final class TextFormat implements MessageFormat {
    static final int MIN_WIDTH = 16;
    private static final byte[] RESET_NEWLINE = "\u001b[0m\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean multiContainer;
    private final boolean colors;
    private int width = MIN_WIDTH;
    /** By Docker's name (with its {@code /}): the colour index, in order of first appearance. */
    private final Map<String, Integer> colorIndexes = new HashMap<>();
    /** By Docker's name: the column bytes at the current width. */
    private final Map<String, byte[]> columns = new HashMap<>();

    TextFormat(boolean multiContainer, boolean colors) {
        this.multiContainer = multiContainer;
        this.colors = colors;
    }

    /**
     * logspout's colour for the {@code index}-th name: bright white, cyan, magenta, blue,
     * yellow, green, red, then the same seven not bright, then again.
     */
    static String color(int index) {
        int i = index % 14;
        return "\u001b[" + (i <= 6 ? "1;" : "") + "3" + (7 - i % 7) + "m";
    }

    @Override
    public void append(LogMessage message, ByteBuf out) {
        if (multiContainer) {
            out.writeBytes(column(message.container().name()));
        }
        out.writeCharSequence(message.data(), StandardCharsets.UTF_8);
        if (multiContainer && colors) {
            out.writeBytes(RESET_NEWLINE);
        } else {
            out.writeByte('\n');
        }
    }

    private byte[] column(String dockerName) {
        byte[] column = columns.get(dockerName);
        if (column != null) {
            return column;
        }
        String name = dockerName.startsWith("/") ? dockerName.substring(1) : dockerName;
        if (name.length() > width) {
            width = name.length();
            columns.clear(); // every name's padding changes
        }
        StringBuilder text = new StringBuilder(width + 12);
        if (colors) {
            text.append(color(colorIndexes.computeIfAbsent(dockerName, key -> colorIndexes.size())));
        }
        text.repeat(' ', width - name.length()).append(name).append('|');
        column = text.toString().getBytes(StandardCharsets.UTF_8);
        columns.put(dockerName, column);
        return column;
    }
}
