package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerReaderTest {

    @Test
    void decodesUtf8AndReplacesInvalidBytesInsteadOfFailing() {
        byte[] bytes = {'o', 'k', ' ', (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xC3, '(', (byte) 0xFF, 'x'};

        assertThat(ContainerReader.text(bytes, bytes.length)).isEqualTo("ok \u00e9 \ufffd(\ufffdx");
        assertThat(ContainerReader.text(bytes, 5)).isEqualTo("ok \u00e9");
    }
}
