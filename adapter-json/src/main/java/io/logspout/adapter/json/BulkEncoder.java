package io.logspout.adapter.json;

import io.logspout.api.ConfigException;
import io.logspout.api.LogMessage;
import io.logspout.template.GoJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A message as one action of an Elasticsearch or OpenSearch {@code _bulk} body: the action line
 * {@code {"create":{"_index":"<index>","_id":"<message key>"}}} and the document line
 * ({@link MessageJson#document}), each ending in {@code \n}, so that batches concatenate and the
 * body's last line ends in one too, as the bulk API requires.
 *
 * <p>{@code create} with the line's stable key as {@code _id} makes sending a batch again safe:
 * a document that is there already answers {@code 409}, which {@link BulkAnswer} counts as taken.
 * It is also the only action a data stream takes. Not thread-safe: one per route.
 */
final class BulkEncoder {
    private static final int MAX_INDEX_BYTES = 255;
    private static final String FORBIDDEN = "\\/*?\"<>| ,#:";

    private final String actionStart;
    private final MessageJson document;
    /** Reused for every action line. */
    private final StringBuilder action = new StringBuilder();

    /** @param index an index, data stream or alias name, already {@link #checkIndex checked} */
    BulkEncoder(String index, MessageJson document) {
        StringBuilder start = new StringBuilder("{\"create\":{\"_index\":");
        GoJson.appendString(index, start);
        this.actionStart = start.append(",\"_id\":").toString();
        this.document = document;
    }

    /** Writes the action line and the document line of {@code message}. */
    void write(LogMessage message, OutputStream out) {
        action.setLength(0);
        action.append(actionStart);
        GoJson.appendString(message.key(), action);
        action.append("}}\n");
        try {
            out.write(action.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // callers write to memory, which does not fail
        }
        document.write(message, out);
    }

    /**
     * {@code index} if Elasticsearch takes it as the name of an index or data stream: not empty,
     * lowercase, none of {@code \ / * ? " < > |}, space, comma, {@code #} or {@code :}, not
     * starting with {@code -}, {@code _} or {@code +}, not {@code .} or {@code ..}, at most 255 bytes.
     * A literal: no templates and no date math.
     *
     * @throws ConfigException naming what is wrong
     */
    static String checkIndex(String index) {
        String problem = null;
        if (index.isEmpty()) {
            problem = "is required with " + JsonAdapterFactory.FORMAT + "=bulk";
        } else if (index.chars().anyMatch(c -> FORBIDDEN.indexOf(c) >= 0 || c < 0x20)) {
            problem = "holds a character an index name cannot (\\ / * ? \" < > | space , # : or a control character)";
        } else if (!index.equals(index.toLowerCase(Locale.ROOT))) {
            problem = "has capital letters; index names are lowercase";
        } else if ("-_+".indexOf(index.charAt(0)) >= 0 || index.equals(".") || index.equals("..")) {
            problem = "is not an index name (it cannot start with - _ + or be . or ..)";
        } else if (index.getBytes(StandardCharsets.UTF_8).length > MAX_INDEX_BYTES) {
            problem = "is longer than an index name may be (" + MAX_INDEX_BYTES + " bytes)";
        }
        if (problem != null) {
            throw new ConfigException("route option " + JsonAdapterFactory.INDEX + "=" + index + " " + problem
                    + "; name the index or data stream to write to, e.g. " + JsonAdapterFactory.INDEX + "=logs-docker-default");
        }
        return index;
    }
}
