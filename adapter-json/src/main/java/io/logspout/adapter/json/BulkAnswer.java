package io.logspout.adapter.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.logspout.api.RejectedException;
import io.logspout.transport.http.AnswerCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads an Elasticsearch or OpenSearch {@code _bulk} answer (route option {@code answer=bulk},
 * set by {@code json}'s {@code format=bulk}). The request as a whole answers {@code 200} even when
 * documents were refused: {@code {"took":3,"errors":true,"items":[{"create":{"_id":"…","status":201}},…]}},
 * one item per action, in order. With {@code "errors":false} every document was taken; else each
 * item's {@code status} says:
 *
 * <ul>
 *   <li>{@code 2xx}, or {@code 409} (a {@code create} of an {@code _id} that is there already:
 *       the document was taken by an earlier try of this batch): taken.</li>
 *   <li>{@code 429} or {@code 5xx} (a full write queue, a shard not ready): the batch is sent again
 *       (an {@link IOException}, with the route's backoff). Sending the documents that were taken
 *       again is harmless: their {@code create} answers {@code 409}.</li>
 *   <li>any other status (a mapping conflict, a closed index, a refused privilege): refused for
 *       good, a {@link RejectedException} whose kind is the first such item's status and error
 *       type, counting only the refused documents; the batch is not sent again.</li>
 * </ul>
 *
 * A {@code 2xx} answer that is not a bulk answer is an {@link IOException} too, so a wrong path
 * behind a proxy that answers {@code 200} loses nothing; it shows in the log and {@code /health}.
 */
public final class BulkAnswer implements AnswerCheck {
    static final String NAME = "bulk";
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void check(byte[] answer, String request) throws IOException {
        Items items = new Items();
        boolean sawErrors = false;
        try (JsonParser parser = JSON.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notBulk(request, answer);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("errors")) {
                    if (value == JsonToken.VALUE_FALSE) {
                        return; // the usual answer: Elasticsearch writes "errors" before "items", which need not be read
                    }
                    sawErrors = value == JsonToken.VALUE_TRUE;
                } else if (field.equals("items") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        items.read(parser);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw notBulk(request, answer);
        }
        if (!sawErrors) {
            throw notBulk(request, answer);
        }
        String counts = items.count + " documents: " + items.retry + " to retry, " + items.refused + " refused";
        if (items.retry > 0) {
            throw new IOException(request + " with errors for " + counts + "; sending the batch again (first: " + items.firstRetry + ")");
        }
        if (items.refused > 0) {
            throw new RejectedException("bulk " + items.refusedKind, request + " with errors for " + counts + " (first: " + items.firstRefused + ")", items.refused);
        }
    }

    private static IOException notBulk(String request, byte[] answer) {
        return new IOException(request + " but not with a bulk answer ({\"errors\":…,\"items\":[…]}): " + start(answer) + "; is the path the bulk API's (/_bulk)?");
    }

    private static String start(byte[] answer) {
        String text = new String(answer, 0, Math.min(answer.length, 200), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "an empty body" : text;
    }

    /** The tally of the items of one answer. */
    private static final class Items {
        int count;
        int retry;
        int refused;
        String firstRetry;
        String firstRefused;
        String refusedKind;

        /** One item, {@code {"<action>":{"status":…,"error":{"type":…,"reason":…},…}}}; the parser is at its start. */
        void read(JsonParser parser) throws IOException {
            count++;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                int status = 0;
                String type = "";
                String reason = "";
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("status")) {
                        status = parser.getValueAsInt();
                    } else if (field.equals("error") && parser.currentToken() == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String key = parser.currentName();
                            parser.nextToken();
                            if (key.equals("type")) {
                                type = parser.getValueAsString("");
                            } else if (key.equals("reason")) {
                                reason = parser.getValueAsString("");
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                tally(status, type, reason);
            }
        }

        private void tally(int status, String type, String reason) {
            if (status >= 200 && status < 300 || status == 409) {
                return;
            }
            String said = status == 0 ? "an item without a status" : status + " " + type + (reason.isEmpty() ? "" : ": " + reason);
            if (status == 0 || status == 429 || status >= 500) {
                if (retry++ == 0) {
                    firstRetry = said;
                }
            } else if (refused++ == 0) {
                firstRefused = said;
                refusedKind = status + " " + type;
            }
        }
    }
}
