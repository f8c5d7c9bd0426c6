package dev.axiom.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A small binary file of named float arrays: magic {@code AXIOMARR}, a version, a header string,
 * the arrays (name, length, big-endian floats) and a CRC-32 of everything before it, so that a
 * truncated or corrupted file is detected and named rather than loaded.
 */
final class ArrayFile {

    private static final long MAGIC = 0x4158494F4D415252L; // "AXIOMARR"
    private static final int VERSION = 1;

    private ArrayFile() {}

    /** The header and arrays of a file. */
    record Content(String header, Map<String, float[]> arrays) {}

    static void write(Path file, String header, Map<String, float[]> arrays) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream raw = Channels.newOutputStream(channel);
                CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
                DataOutputStream out = new DataOutputStream(checked)) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(header);
            out.writeInt(arrays.size());
            for (Map.Entry<String, float[]> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                float[] values = e.getValue();
                out.writeInt(values.length);
                writeFloats(out, values);
            }
            out.flush();
            long sum = crc.getValue();
            out.writeLong(sum);
            out.flush();
            channel.force(true); // on disk before the checkpoint's directory is renamed into place
        }
    }

    /** Block of bytes the values are converted through: whole arrays, not a stream call per byte. */
    private static final int BLOCK = 1 << 16;

    /** As {@link DataOutputStream#writeFloat} for each value (big-endian {@link Float#floatToIntBits}). */
    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (float v : values) {
            if (!block.hasRemaining()) {
                out.write(block.array(), 0, block.position());
                block.clear();
            }
            block.putInt(Float.floatToIntBits(v));
        }
        out.write(block.array(), 0, block.position());
    }

    /** As {@link DataInputStream#readFloat} {@code length} times. */
    private static float[] readFloats(DataInputStream in, int length) throws IOException {
        float[] values = new float[length];
        byte[] block = new byte[BLOCK];
        for (int from = 0; from < length; from += BLOCK / 4) {
            int n = Math.min(BLOCK / 4, length - from);
            in.readFully(block, 0, 4 * n);
            ByteBuffer.wrap(block, 0, 4 * n).asFloatBuffer().get(values, from, n);
        }
        return values;
    }

    static Content read(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream raw = Files.newInputStream(file);
                CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw, 1 << 16), crc);
                DataInputStream in = new DataInputStream(checked)) {
            if (in.readLong() != MAGIC) {
                throw new CheckpointException(file + ": not an Axiom array file (wrong magic number)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new CheckpointException(file + ": unsupported version " + version + " (this build reads " + VERSION + ")");
            }
            String header = in.readUTF();
            int count = in.readInt();
            long size = Files.size(file);
            long declared = 0;
            Map<String, float[]> arrays = new LinkedHashMap<>();
            for (int a = 0; a < count; a++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0) {
                    throw new CheckpointException(file + ": array '" + name + "' has a negative length");
                }
                // checked before allocating: a corrupt length must not claim gigabytes the file does not hold
                declared += 4L * length;
                if (declared > size) {
                    throw new CheckpointException(file + ": corrupt (array '" + name + "' declares " + length
                            + " values, more than the file's " + size + " bytes hold)");
                }
                arrays.put(name, readFloats(in, length));
            }
            long expected = crc.getValue();
            long stored = in.readLong();
            if (in.read() != -1) {
                throw new CheckpointException(file + ": corrupt (unexpected bytes after the checksum)");
            }
            if (stored != expected) {
                throw new CheckpointException(file + ": corrupt (checksum mismatch)");
            }
            return new Content(header, arrays);
        } catch (EOFException e) {
            throw new CheckpointException(file + ": truncated (the file ends early)");
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file");
        }
    }
}
