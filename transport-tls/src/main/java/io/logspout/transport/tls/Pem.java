package io.logspout.transport.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the blocks of a PEM text: {@code -----BEGIN TYPE-----}, base64, {@code -----END TYPE-----}.
 * Text outside blocks (the {@code Bag Attributes} lines openssl writes, comments) is ignored, as
 * Go's {@code pem.Decode} does; RFC 1421 headers inside a block ({@code Proc-Type: 4,ENCRYPTED})
 * are kept so that an encrypted key can be named as such.
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /**
     * One block.
     *
     * @param number its place in the file, from 1, for error messages
     * @param type what its BEGIN line says: {@code CERTIFICATE}, {@code PRIVATE KEY}, ...
     * @param encrypted true when its headers say {@code Proc-Type: 4,ENCRYPTED}
     */
    record Block(int number, String type, byte[] der, boolean encrypted) {
    }

    private Pem() {
    }

    /**
     * The blocks of {@code text}, in order.
     *
     * @throws IllegalArgumentException naming the block when it has no END line or is not base64
     */
    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
                continue;
            }
            String type = line.substring(BEGIN.length(), line.length() - DASHES.length());
            int number = blocks.size() + 1;
            String endLine = END + type + DASHES;
            StringBuilder base64 = new StringBuilder();
            boolean encrypted = false;
            int j = i + 1;
            for (; j < lines.length && !lines[j].strip().equals(endLine); j++) {
                String body = lines[j].strip();
                if (body.indexOf(':') >= 0) {
                    encrypted |= body.startsWith("Proc-Type:") && body.contains("ENCRYPTED");
                } else {
                    base64.append(body);
                }
            }
            if (j == lines.length) {
                throw new IllegalArgumentException("block " + number + " (" + type + ") has no '" + endLine + "' line");
            }
            try {
                blocks.add(new Block(number, type, Base64.getDecoder().decode(base64.toString()), encrypted));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("block " + number + " (" + type + ") is not valid base64: " + e.getMessage(), e);
            }
            i = j;
        }
        return blocks;
    }
}
