package io.logspout.examples.gelf;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.examples.gelf.GelfDecoder.Chunk;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final int DATAGRAM = 200;
    private static final int CHUNK_DATA = DATAGRAM - Chunker.HEADER_BYTES;

    private final RecordingOutput out = new RecordingOutput();

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static byte[] reassemble(List<Chunk> chunks) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        chunks.forEach(chunk -> whole.writeBytes(chunk.data()));
        return whole.toByteArray();
    }

    @Test
    void aPayloadUpToTheDatagramSizeGoesAsItIsInOneDatagram() {
        byte[] payload = payload(DATAGRAM);

        assertThat(new Chunker(DATAGRAM, 7).write(payload, DATAGRAM, out)).isTrue();

        assertThat(out.messages()).singleElement().isEqualTo(payload);
    }

    @Test
    void oneByteMoreIsTwoChunksWithHeaderIdSequenceAndCount() {
        byte[] payload = payload(DATAGRAM + 1);

        assertThat(new Chunker(DATAGRAM, 0x0102030405060708L).write(payload, payload.length, out)).isTrue();

        List<byte[]> datagrams = out.messages();
        assertThat(datagrams).hasSize(2);
        assertThat(datagrams.get(0)).hasSize(DATAGRAM).startsWith(0x1e, 0x0f, 1, 2, 3, 4, 5, 6, 7, 8, 0, 2);
        assertThat(datagrams.get(1)).hasSize(Chunker.HEADER_BYTES + DATAGRAM + 1 - CHUNK_DATA).startsWith(0x1e, 0x0f, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2);
        assertThat(reassemble(datagrams.stream().map(Chunk::of).toList())).isEqualTo(payload);
    }

    @Test
    void eachChunkedMessageHasTheNextIdAndAllItsChunksShareIt() {
        Chunker chunker = new Chunker(DATAGRAM, -1); // the id after 0xffffffffffffffff is 0

        chunker.write(payload(DATAGRAM * 3), DATAGRAM * 3, out);
        chunker.write(payload(10), 10, out); // one datagram: takes no id
        chunker.write(payload(DATAGRAM * 2), DATAGRAM * 2, out);

        List<byte[]> datagrams = out.messages();
        List<Chunk> first = datagrams.subList(0, 4).stream().map(Chunk::of).toList();
        List<Chunk> second = datagrams.subList(5, datagrams.size()).stream().map(Chunk::of).toList();
        assertThat(first).extracting(Chunk::id).containsOnly(-1L);
        assertThat(first).extracting(Chunk::sequence).containsExactly(0, 1, 2, 3);
        assertThat(first).extracting(Chunk::count).containsOnly(4);
        assertThat(datagrams.get(4)).hasSize(10);
        assertThat(second).extracting(Chunk::id).containsOnly(0L);
        assertThat(second).extracting(Chunk::count).containsOnly(3);
    }

    @Test
    void exactly128ChunksFitAndTheCountByteIs128() {
        Chunker chunker = new Chunker(DATAGRAM, 1);
        byte[] payload = payload(Chunker.MAX_CHUNKS * CHUNK_DATA);
        assertThat(chunker.maxPayload()).isEqualTo(payload.length);

        assertThat(chunker.write(payload, payload.length, out)).isTrue();

        List<Chunk> chunks = out.messages().stream().map(Chunk::of).toList();
        assertThat(chunks).hasSize(128).extracting(Chunk::count).containsOnly(128);
        assertThat(chunks.get(127).sequence()).isEqualTo(127);
        assertThat(reassemble(chunks)).isEqualTo(payload);
    }

    @Test
    void moreThan128ChunksWritesNothing() {
        Chunker chunker = new Chunker(DATAGRAM, 1);
        byte[] payload = payload(chunker.maxPayload() + 1);

        assertThat(chunker.write(payload, payload.length, out)).isFalse();

        assertThat(out.messages()).isEmpty();
    }

    @Test
    void writesOnlyTheGivenLengthOfTheArray() {
        byte[] array = payload(DATAGRAM * 2);

        new Chunker(DATAGRAM, 1).write(array, 50, out);
        new Chunker(DATAGRAM, 1).write(array, DATAGRAM + 50, out);

        List<byte[]> datagrams = out.messages();
        assertThat(datagrams.get(0)).isEqualTo(Arrays.copyOf(array, 50));
        assertThat(reassemble(datagrams.subList(1, 3).stream().map(Chunk::of).toList())).isEqualTo(Arrays.copyOf(array, DATAGRAM + 50));
    }
}
