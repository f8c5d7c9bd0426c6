package dev.axiom.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading checkpoints back, and refusing damaged ones by name (no engine needed: arrays are plain floats). */
class CheckpointTest {

    @TempDir
    Path tmp;

    private static Checkpoint sample() {
        Map<String, float[]> net = new LinkedHashMap<>();
        net.put("0.linear.weight", new float[] {1, -2, 3, -4, 5, -6});
        net.put("0.linear.bias", new float[] {0.5f, -0.5f});
        Map<String, float[]> slots = new LinkedHashMap<>();
        slots.put("0.linear.weight.m", new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f});
        return new Checkpoint("(3) linear(2)", net, new LoopState(1, 4, 9, new long[] {7, -8}, new OptimizerState("adam", 9, slots)));
    }

    @Test
    void aWrittenCheckpointReadsBack() {
        Path dir = tmp.resolve("step-9");
        sample().write(dir);

        Checkpoint back = Checkpoint.read(dir);

        assertThat(back.architecture()).isEqualTo("(3) linear(2)");
        assertThat(back.network().get("0.linear.weight")).containsExactly(1, -2, 3, -4, 5, -6);
        assertThat(back.loop().step()).isEqualTo(9);
        assertThat(back.loop().rng()).containsExactly(7, -8);
        assertThat(back.loop().optimizer().slots().get("0.linear.weight.m")).hasSize(6);
    }

    /**
     * The array file's layout is fixed (magic, version, header, arrays of big-endian floats, CRC-32):
     * the block-wise writer gives the bytes of a value-by-value {@link java.io.DataOutputStream},
     * for arrays shorter and longer than a block, with NaN written canonically, and reads them back.
     */
    @Test
    void anArrayFileHasTheDocumentedLayoutAcrossBlocks() throws IOException {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        float[] big = new float[40_000]; // 160,000 bytes: two whole blocks and part of a third
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * i;
        }
        big[16_384] = Float.intBitsToFloat(0x7fc00001); // a NaN with a payload
        arrays.put("big", big);
        arrays.put("small", new float[] {1.5f, -0f, Float.MIN_VALUE});
        arrays.put("empty", new float[0]);
        Path file = tmp.resolve("a.bin");
        ArrayFile.write(file, "header\nline", arrays);

        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        CRC32 crc = new CRC32();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.util.zip.CheckedOutputStream(expected, crc))) {
            out.writeLong(0x4158494F4D415252L);
            out.writeInt(1);
            out.writeUTF("header\nline");
            out.writeInt(arrays.size());
            for (Map.Entry<String, float[]> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (float v : e.getValue()) {
                    out.writeFloat(v);
                }
            }
            out.flush();
            out.writeLong(crc.getValue());
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());

        ArrayFile.Content back = ArrayFile.read(file);
        assertThat(back.header()).isEqualTo("header\nline");
        assertThat(back.arrays().keySet()).containsExactly("big", "small", "empty");
        big[16_384] = Float.NaN;
        assertThat(back.arrays().get("big")).containsExactly(big);
        assertThat(back.arrays().get("small")).containsExactly(1.5f, -0f, Float.MIN_VALUE);
        assertThat(back.arrays().get("empty")).isEmpty();
    }

    /**
     * Fuzz crasher: a corrupt array length (here 2^30 values, 4 GiB) was allocated before the
     * checksum was read, so the reader ran out of memory instead of naming the file.
     */
    @Test
    void anArrayLengthLargerThanTheFileIsRefusedBeforeAllocating() throws IOException {
        Path dir = tmp.resolve("step-9");
        sample().write(dir);
        Path file = dir.resolve("network.bin");
        byte[] bytes = Files.readAllBytes(file);
        byte[] name = "0.linear.weight".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(bytes, name) + name.length;
        ByteBuffer.wrap(bytes, at, 4).putInt(1 << 30);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer.wrap(bytes, bytes.length - 8, 8).putLong(crc.getValue());
        Files.write(file, bytes);

        assertThatThrownBy(() -> Checkpoint.read(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(file + ": corrupt (array '0.linear.weight' declares 1073741824 values, more than the file's "
                        + bytes.length + " bytes hold)");
    }

    @Test
    void aFlippedBitIsACorruptFile() throws IOException {
        Path dir = tmp.resolve("step-9");
        sample().write(dir);
        Path file = dir.resolve("optimizer.bin");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 20] ^= 1;
        Files.write(file, bytes);

        assertThatThrownBy(() -> Checkpoint.read(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(file + ": corrupt (checksum mismatch)");
    }

    /**
     * Fuzz crasher: an optimiser header cut to one line (its length field changed, checksum
     * recomputed) was reported as "cannot read checkpoint …: null", the message of the
     * ArrayIndexOutOfBounds it hid.
     */
    @Test
    void anOptimizerHeaderOfOneLineIsACorruptHeader() throws IOException {
        Path dir = tmp.resolve("step-9");
        sample().write(dir);
        Path file = dir.resolve("optimizer.bin");
        ArrayFile.write(file, "adam", Map.of());

        assertThatThrownBy(() -> Checkpoint.read(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(file + ": corrupt header (expected the optimiser's kind and update count on two lines)");
    }

    @Test
    void aNetworkHeaderWithoutTheGeneratorStateIsACorruptHeader() throws IOException {
        Path dir = tmp.resolve("step-9");
        sample().write(dir);
        Path file = dir.resolve("network.bin");
        ArrayFile.write(file, "architecture=(3) linear(2)\nepoch=1\nbatchInEpoch=4\nstep=9", Map.of());

        assertThatThrownBy(() -> Checkpoint.read(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(file + ": corrupt header (no rng)");
    }

    @Test
    void aStepThatIsNotANumberIsACorruptHeader() throws IOException {
        Path dir = tmp.resolve("step-9");
        sample().write(dir);
        Path file = dir.resolve("network.bin");
        ArrayFile.write(file, "architecture=(3) linear(2)\nepoch=1\nbatchInEpoch=4\nstep=9x\nrng=7,-8", Map.of());

        assertThatThrownBy(() -> Checkpoint.read(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(file + ": corrupt header (step is '9x', not a count)");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
