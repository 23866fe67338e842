package io.nanogrid.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IconsTest {
    @Test
    void thePngIsASquareIconWithTransparentCornersAndTheNodesDrawn() throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Icons.png(256)));
        assertEquals(256, img.getWidth());
        assertEquals(256, img.getHeight());
        assertEquals(0, img.getRGB(1, 1) >>> 24, "transparent outside the rounded square");
        assertEquals(0xF5B841, img.getRGB(72, 128) & 0xFFFFFF, "the router node");
        assertEquals(0x4FD1A5, img.getRGB(184, 64) & 0xFFFFFF, "an expert node");
        assertEquals(0x1F2A44, img.getRGB(128, 230) & 0xFFFFFF, "the background");
    }

    @Test
    void icoAndIcnsWrapThePngWithTheirHeaders() {
        byte[] png = Icons.png(256);
        ByteBuffer ico = ByteBuffer.wrap(Icons.ico(png)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, ico.getShort(0));
        assertEquals(1, ico.getShort(2), "type icon");
        assertEquals(1, ico.getShort(4), "one image");
        assertEquals(png.length, ico.getInt(6 + 8));
        assertEquals(22, ico.getInt(6 + 12), "offset of the image");
        assertArrayEquals(png, Arrays.copyOfRange(ico.array(), 22, ico.capacity()));

        byte[] icns = Icons.icns(png);
        ByteBuffer b = ByteBuffer.wrap(icns);
        assertEquals("icns", new String(icns, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(icns.length, b.getInt(4));
        assertEquals("ic09", new String(icns, 8, 4, StandardCharsets.US_ASCII));
        assertEquals(png.length + 8, b.getInt(12));
        assertTrue(Arrays.equals(png, Arrays.copyOfRange(icns, 16, icns.length)));
    }
}
