package io.nanogrid.engine.features;

import io.nanogrid.files.BadInputException;
import io.nanogrid.files.IoReasons;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Recordings as mono float samples: WAV through the JDK's own reader (PCM 8 to 32 bits, float), or raw
 * 16-bit little-endian PCM (.pcm, .raw) at a rate the caller gives. Channels are averaged.
 */
public final class Wav {
    /** Longer recordings are refused rather than read whole into memory. */
    public static final double MAX_SECONDS = 3600;

    private Wav() {
    }

    /**
     * @param rawRate the sample rate of a headerless .pcm/.raw file (ignored for WAV, which says its own)
     */
    public static AudioRequest read(Path file, int rawRate) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("cannot read " + file + ": " + (Files.exists(file) ? "not a file"
                    : "file not found"));
        }
        try {
            if (name.endsWith(".pcm") || name.endsWith(".raw")) {
                return raw(Files.readAllBytes(file), rawRate, file.toString());
            }
            try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(
                    Files.newInputStream(file)))) {
                return decode(in, file.toString());
            }
        } catch (UnsupportedAudioFileException e) {
            throw new BadInputException(file + ": not a WAV file the JDK can read (PCM or float); for headerless "
                    + "16-bit PCM name it .pcm and give the rate");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoReasons.of(e), e);
        }
    }

    /** A WAV file's bytes (an upload), decoded. */
    public static AudioRequest decode(byte[] wav, String source) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(
                new java.io.ByteArrayInputStream(wav)))) {
            return decode(in, source);
        } catch (UnsupportedAudioFileException e) {
            throw new BadInputException(source + ": not a WAV file the JDK can read (PCM or float)");
        } catch (IOException e) {
            throw new BadInputException(source + ": " + IoReasons.of(e), e);
        }
    }

    private static AudioRequest decode(AudioInputStream in, String source) throws IOException {
        AudioFormat f = in.getFormat();
        int channels = f.getChannels();
        int bytes = f.getSampleSizeInBits() / 8;
        AudioFormat.Encoding enc = f.getEncoding();
        boolean floats = enc.equals(AudioFormat.Encoding.PCM_FLOAT);
        boolean signed = enc.equals(AudioFormat.Encoding.PCM_SIGNED);
        if (!floats && !signed && !enc.equals(AudioFormat.Encoding.PCM_UNSIGNED) || bytes < 1 || bytes > 4
                || f.getSampleSizeInBits() % 8 != 0 || channels < 1) {
            throw new BadInputException(source + ": " + enc + " " + f.getSampleSizeInBits() + "-bit audio is not "
                    + "supported; expected PCM (8, 16, 24 or 32 bits) or 32-bit float");
        }
        double seconds = in.getFrameLength() / (double) f.getFrameRate();
        if (in.getFrameLength() > 0 && seconds > MAX_SECONDS) {
            throw new BadInputException(source + ": " + Math.round(seconds) + " s is longer than " + (int) MAX_SECONDS
                    + " s");
        }
        byte[] all = readAll(in, source);
        ByteBuffer b = ByteBuffer.wrap(all).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int frames = all.length / (bytes * channels);
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(b, (i * channels + c) * bytes, bytes, floats, signed);
            }
            out[i] = (float) (sum / channels);
        }
        return new AudioRequest(out, Math.round(f.getSampleRate()), source);
    }

    private static byte[] readAll(InputStream in, String source) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length == 0) {
            throw new BadInputException(source + ": the recording is empty");
        }
        return all;
    }

    private static double sample(ByteBuffer b, int at, int bytes, boolean floats, boolean signed) {
        if (floats) {
            return bytes == 4 ? b.getFloat(at) : 0;
        }
        long v = 0;
        boolean little = b.order() == ByteOrder.LITTLE_ENDIAN;
        for (int k = 0; k < bytes; k++) {
            int byteAt = little ? at + bytes - 1 - k : at + k;
            v = (v << 8) | (b.get(byteAt) & 0xFF);
        }
        double full = Math.pow(2, 8 * bytes - 1);
        if (signed) {
            long sign = 1L << (8 * bytes - 1);
            v = (v ^ sign) - sign;
            return v / full;
        }
        return (v - full) / full;
    }

    private static AudioRequest raw(byte[] pcm, int rate, String source) {
        if (rate < 1) {
            throw new BadInputException(source + ": a headerless PCM file needs its sample rate (--sample-rate)");
        }
        if (pcm.length < 2) {
            throw new BadInputException(source + ": the recording is empty");
        }
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[pcm.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort(i * 2) / 32768f;
        }
        return new AudioRequest(out, rate, source);
    }
}
