package io.logspout.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.RejectedException;
import io.logspout.api.RetryLaterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How a {@code 200} answer of the bulk API is read, item by item. */
class BulkAnswerTest {
    private static final String REQUEST = "http: POST http://127.0.0.1:9200/_bulk answered 200";
    private final BulkAnswer check = new BulkAnswer();

    private void check(String answer) throws IOException {
        check.check(answer.getBytes(StandardCharsets.UTF_8), REQUEST);
    }

    private static String item(int status, String error) {
        return "{\"create\":{\"_index\":\"logs\",\"_id\":\"c:1:0\",\"status\":" + status
                + (error == null ? ",\"result\":\"created\",\"_shards\":{\"total\":2,\"successful\":1,\"failed\":0}" : ",\"error\":" + error) + "}}";
    }

    @Test
    void noErrorsIsTakenWithoutReadingTheItems() {
        assertThatCode(() -> check("{\"took\":3,\"errors\":false,\"items\":[" + item(201, null) + ",this is not read]}")).doesNotThrowAnyException();
    }

    @Test
    void aConflictIsADocumentThatIsThereAlreadyAndCountsAsTaken() {
        assertThatCode(() -> check("{\"took\":3,\"errors\":true,\"items\":[" + item(201, null) + ","
                + item(409, "{\"type\":\"version_conflict_engine_exception\",\"reason\":\"[c:1:0]: version conflict, document already exists\"}") + "]}"))
                .doesNotThrowAnyException();
    }

    @Test
    void aTooManyRequestsOrServerErrorItemSendsTheWholeBatchAgain() {
        String answer = "{\"errors\":true,\"items\":[" + item(201, null) + ","
                + item(400, "{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse\"}") + ","
                + item(429, "{\"type\":\"es_rejected_execution_exception\",\"reason\":\"rejected execution\"}") + ","
                + item(503, "{\"type\":\"unavailable_shards_exception\",\"reason\":\"primary shard is not active\"}") + "],\"took\":1}";
        assertThatThrownBy(() -> check(answer)).isExactlyInstanceOf(IOException.class)
                .hasMessage(REQUEST + " with errors for 4 documents: 2 to retry, 1 refused; sending the batch again"
                        + " (first: 429 es_rejected_execution_exception: rejected execution)");
    }

    @Test
    void anyOtherFailedItemRejectsTheBatchWithTheFirstItemsErrorAsTheKind() {
        String answer = "{\"took\":3,\"errors\":true,\"items\":[" + item(201, null) + ","
                + item(400, "{\"type\":\"mapper_parsing_exception\",\"reason\":\"failed to parse field [Data]\",\"caused_by\":{\"type\":\"x\",\"reason\":\"y\"}}") + ","
                + item(403, "{\"type\":\"cluster_block_exception\",\"reason\":\"index [logs] blocked\"}") + "]}";
        assertThatThrownBy(() -> check(answer))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.kind()).isEqualTo("bulk 400 mapper_parsing_exception");
                    assertThat(e.refusedMessages()).isEqualTo(2);
                })
                .isNotInstanceOf(RetryLaterException.class)
                .hasMessage(REQUEST + " with errors for 3 documents: 0 to retry, 2 refused (first: 400 mapper_parsing_exception: failed to parse field [Data])");
    }

    @Test
    void anAnswerThatIsNotABulkAnswerIsRetriedAndNamesThePath() {
        for (String answer : new String[] {"", "<html>ok</html>", "{\"acknowledged\":true}", "[1]", "{\"errors\":true,\"items\":[" }) {
            assertThatThrownBy(() -> check(answer)).as(answer).isExactlyInstanceOf(IOException.class)
                    .hasMessageStartingWith(REQUEST + " but not with a bulk answer").hasMessageEndingWith("is the path the bulk API's (/_bulk)?");
        }
    }
}
