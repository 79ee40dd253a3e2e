package io.logspout.adapter.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Elasticsearch/OpenSearch {@code _bulk} API as documented, for {@link io.logspout.testsupport.HttpReceiver}:
 * a body of NDJSON pairs, an action line then a document line, every line ending in {@code \n}
 * (the last too); only {@code create} actions naming {@code _index} (the expected one) and an
 * {@code _id} of at most 512 bytes, each {@code _id} once per body; documents read strictly. A body
 * that breaks a rule is refused whole ({@code 400}, by throwing), as the API does. Each action is
 * answered in an item: {@code 201} when created, {@code 409} ({@code version_conflict_engine_exception})
 * when its {@code _id} is there already, or what the test {@link #failOnce scripted} for one document.
 */
final class BulkApi {
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A document line: exactly these keys. */
    record Document(Map<String, Object> Container, String Source, String Data, @JsonProperty("@timestamp") String timestamp) {
    }

    private record Failure(String data, int status, String type) {
    }

    private final String index;
    private final Map<String, Document> indexed = new LinkedHashMap<>();
    private final List<Integer> itemStatuses = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();

    BulkApi(String index) {
        this.index = index;
    }

    /** The first action whose document's {@code Data} is {@code data} is answered {@code status} with error {@code type}, and not indexed. */
    synchronized void failOnce(String data, int status, String type) {
        failures.add(new Failure(data, status, type));
    }

    /** The documents created, in order. */
    synchronized List<Document> indexed() {
        return List.copyOf(indexed.values());
    }

    /** The status of every item answered, in order. */
    synchronized List<Integer> itemStatuses() {
        return List.copyOf(itemStatuses);
    }

    /** Reads a body and performs its actions; returns the answer's body. */
    synchronized String bulk(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("The bulk request must be terminated by a newline [\\n]");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length % 2 != 0) {
            throw new IllegalArgumentException("a create action without its document: " + lines.length + " lines");
        }
        Set<String> ids = new HashSet<>();
        StringBuilder items = new StringBuilder();
        boolean errors = false;
        for (int i = 0; i < lines.length; i += 2) {
            String id = createId(lines[i]);
            if (!ids.add(id)) {
                throw new IllegalArgumentException("_id " + id + " twice in one body");
            }
            Document document = read(lines[i + 1], Document.class);
            OffsetDateTime.parse(document.timestamp()); // a date, as a data stream's @timestamp must be
            int status = status(id, document);
            itemStatuses.add(status);
            errors |= status >= 300;
            items.append(items.isEmpty() ? "" : ",").append("{\"create\":{\"_index\":\"").append(index).append("\",\"_id\":\"").append(id)
                    .append("\",\"status\":").append(status);
            if (status == 201) {
                items.append(",\"result\":\"created\",\"_version\":1}}");
            } else {
                items.append(",\"error\":{\"type\":\"").append(errorType(status)).append("\",\"reason\":\"scripted\"}}}");
            }
        }
        return "{\"took\":1,\"errors\":" + errors + ",\"items\":[" + items + "]}";
    }

    private int status(String id, Document document) {
        for (var it = failures.iterator(); it.hasNext();) {
            Failure failure = it.next();
            if (failure.data().equals(document.Data())) {
                it.remove();
                return failure.status();
            }
        }
        if (indexed.containsKey(id)) {
            return 409;
        }
        indexed.put(id, document);
        return 201;
    }

    private static String errorType(int status) {
        return status == 409 ? "version_conflict_engine_exception" : status == 429 ? "es_rejected_execution_exception" : "mapper_parsing_exception";
    }

    /** The {@code _id} of an action line that must be {@code {"create":{"_index":<index>,"_id":<id>}}}. */
    @SuppressWarnings("unchecked")
    private String createId(String line) {
        Map<String, Object> action = read(line, Map.class);
        if (action.size() != 1 || !(action.get("create") instanceof Map<?, ?> meta)) {
            throw new IllegalArgumentException("not a create action: " + line);
        }
        if (!meta.keySet().equals(Set.of("_index", "_id")) || !index.equals(meta.get("_index"))) {
            throw new IllegalArgumentException("a create action names _index " + index + " and an _id, nothing else: " + line);
        }
        String id = (String) meta.get("_id");
        if (id.isEmpty() || id.getBytes(StandardCharsets.UTF_8).length > 512) {
            throw new IllegalArgumentException("an _id is 1 to 512 bytes: " + line);
        }
        return id;
    }

    private static <T> T read(String line, Class<T> type) {
        try {
            return STRICT.readValue(line, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not one JSON object per line: " + line, e);
        }
    }
}
