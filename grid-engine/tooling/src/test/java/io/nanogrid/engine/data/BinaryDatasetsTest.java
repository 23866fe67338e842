package io.nanogrid.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nanogrid.engine.features.ImageRequest;
import io.nanogrid.engine.features.TensorRequest;
import io.nanogrid.engine.model.FloatTensor;
import io.nanogrid.engine.model.LongTensor;
import io.nanogrid.engine.model.Npy;
import io.nanogrid.engine.model.StringTensor;
import io.nanogrid.engine.testing.NpyFiles;
import io.nanogrid.engine.testing.SharedData;
import io.nanogrid.files.BadInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class BinaryDatasetsTest {
    @TempDir
    Path dir;

    /** A .npy file as NumPy writes it (see {@link NpyFiles}). */
    public static byte[] npy(String descr, long[] shape, byte[] data) {
        return NpyFiles.bytes(descr, shape, data);
    }

    @Test
    void readsNpyFloatsIntsAndStrings() {
        ByteBuffer f = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            f.putFloat(i * 0.5f);
        }
        FloatTensor t = (FloatTensor) Npy.parse(npy("<f4", new long[] {2, 3}, f.array()), "x.npy");
        assertArrayEquals(new long[] {2, 3}, t.shape());
        assertEquals(2.5f, t.values()[5]);

        ByteBuffer l = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(7).putLong(-1);
        assertArrayEquals(new long[] {7, -1}, ((LongTensor) Npy.parse(npy("<i8", new long[] {2}, l.array()), "y")).values());

        ByteBuffer u = ByteBuffer.allocate(2 * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        "ab".codePoints().forEach(u::putInt);
        u.putInt(0);
        "é".codePoints().forEach(u::putInt);
        u.putInt(0).putInt(0);
        assertArrayEquals(new String[] {"ab", "é"}, ((StringTensor) Npy.parse(npy("<U3", new long[] {2}, u.array()),
                "s")).values());
    }

    @Test
    void refusesTruncatedAndForeignNpy() {
        byte[] full = npy("<f4", new long[] {4}, new byte[16]);
        BadInputException e = assertThrows(BadInputException.class,
                () -> Npy.parse(Arrays.copyOf(full, full.length - 3), "cut.npy"));
        assertTrue(e.getMessage().startsWith("cut.npy: the data is truncated"), e.getMessage());
        assertThrows(BadInputException.class, () -> Npy.parse("hello".getBytes(StandardCharsets.UTF_8), "h.npy"));
        assertTrue(assertThrows(BadInputException.class, () -> Npy.parse(npy("<c8", new long[] {1}, new byte[8]), "c"))
                .getMessage().contains("unsupported dtype"));
    }

    @Test
    void pairsNpyInputsWithLabels() throws Exception {
        ByteBuffer f = ByteBuffer.allocate(4 * 4).order(ByteOrder.LITTLE_ENDIAN);
        Path x = Files.write(dir.resolve("x.npy"), npy("<f4", new long[] {2, 2}, f.array()));
        Path y = Files.write(dir.resolve("y.npy"), npy("|u1", new long[] {2}, new byte[] {3, 9}));
        Dataset d = NpyDatasets.read(x, y, 0);
        assertEquals("9", d.examples().get(1).label());
        assertArrayEquals(new long[] {2}, ((FloatTensor) ((TensorRequest) d.examples().get(0).request()).tensor()).shape());
        Path y3 = Files.write(dir.resolve("y3.npy"), npy("|u1", new long[] {3}, new byte[] {1, 2, 3}));
        assertTrue(assertThrows(BadInputException.class, () -> NpyDatasets.read(x, y3, 0)).getMessage()
                .contains("holds 2 rows but"));
    }

    @Test
    void readsTheRealMnistTestSet() {
        Path images = SharedData.require("images/mnist/t10k-images-idx3-ubyte.gz");
        Path labels = SharedData.require("images/mnist/t10k-labels-idx1-ubyte");
        Dataset d = Idx.read(images, labels, 0);
        assertEquals(10_000, d.size());
        assertEquals("7", d.examples().get(0).label());
        ImageRequest first = (ImageRequest) d.examples().get(0).request();
        assertEquals(28, first.image().width());
        float max = 0;
        for (float v : first.image().pixels()) {
            max = Math.max(max, v);
        }
        assertEquals(255f, max, "raw pixel values");
    }

    @Test
    void refusesATruncatedIdxFile() throws Exception {
        Path images = SharedData.require("images/mnist/t10k-labels-idx1-ubyte");
        byte[] all = Files.readAllBytes(images);
        Path cut = Files.write(dir.resolve("cut-labels"), Arrays.copyOf(all, 100));
        assertTrue(assertThrows(BadInputException.class, () -> Idx.labels(cut, 0)).getMessage().contains("truncated"));
        assertTrue(assertThrows(BadInputException.class, () -> Idx.images(images, 0)).getMessage()
                .contains("not an IDX image file"));
    }
}
