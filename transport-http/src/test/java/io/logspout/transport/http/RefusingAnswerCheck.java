package io.logspout.transport.http;

import io.logspout.api.RejectedException;
import java.nio.charset.StandardCharsets;

/** An {@link AnswerCheck} for the tests, found through its service file: an answer {@code refused} rejects the batch. */
public final class RefusingAnswerCheck implements AnswerCheck {

    @Override
    public String name() {
        return "test-refused";
    }

    @Override
    public void check(byte[] answer, String request) throws RejectedException {
        if (new String(answer, StandardCharsets.UTF_8).equals("refused")) {
            throw new RejectedException("refused", request + " but refused the batch");
        }
    }
}
