package io.nanogrid.packaging;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * The application icon, drawn with Java2D: a router node on the left wired to three expert nodes on
 * the right, on a dark rounded square. Written as PNG (Linux), and wrapped as ICO (Windows) and ICNS
 * (macOS). Both containers may hold a PNG as is (ICO since Windows Vista, ICNS type ic09); ImageIO
 * writes neither, and each is a fixed header of a few bytes, so they are written here by hand.
 */
final class Icons {
    private Icons() {
    }

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            double s = size / 256.0;
            g.setColor(new Color(0x1F2A44));
            g.fill(new RoundRectangle2D.Double(8 * s, 8 * s, 240 * s, 240 * s, 56 * s, 56 * s));
            double rx = 72 * s;
            double ry = 128 * s;
            double[] ey = {64 * s, 128 * s, 192 * s};
            double ex = 184 * s;
            g.setStroke(new BasicStroke((float) (10 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(new Color(0x7FA7E0));
            for (double y : ey) {
                g.draw(new Line2D.Double(rx, ry, ex, y));
            }
            g.setColor(new Color(0xF5B841));
            double r = 30 * s;
            g.fill(new Ellipse2D.Double(rx - r, ry - r, 2 * r, 2 * r));
            g.setColor(new Color(0x4FD1A5));
            double e = 22 * s;
            for (double y : ey) {
                g.fill(new Ellipse2D.Double(ex - e, y - e, 2 * e, 2 * e));
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    static byte[] png(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(draw(size), "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An ICO holding one 256x256 PNG image (ICONDIR, one ICONDIRENTRY, the PNG). */
    static byte[] ico(byte[] png256) {
        ByteBuffer b = ByteBuffer.allocate(6 + 16 + png256.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 1);
        b.put((byte) 0).put((byte) 0); // 0 means 256 wide and high
        b.put((byte) 0).put((byte) 0); // no palette, reserved
        b.putShort((short) 1).putShort((short) 32); // colour planes, bits per pixel
        b.putInt(png256.length).putInt(6 + 16);
        b.put(png256);
        return b.array();
    }

    /** An ICNS holding one 512x512 PNG image (type ic09). */
    static byte[] icns(byte[] png512) {
        int total = 8 + 8 + png512.length;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.put("icns".getBytes(StandardCharsets.US_ASCII)).putInt(total);
        b.put("ic09".getBytes(StandardCharsets.US_ASCII)).putInt(8 + png512.length);
        b.put(png512);
        return b.array();
    }
}
